// Datasheet peaks of the GPUs the benchmark may meet, for "share of peak". Only a card we can name
// gets one; software adapters and CPUs get none (the report then says "unknown", never a guess).
// fp32 is the non-tensor-core dense rate (FFMA at boost clock): WGSL f32 arithmetic cannot reach the
// tensor cores.

export interface Peak {
  name: string;
  fp32Gflops: number;
  memGbs: number;
  source: string;
}

const TABLE: { match: RegExp; peak: Peak }[] = [
  // NVIDIA H100 datasheet: SXM5 66.9 TFLOP/s fp32, 3.35 TB/s HBM3; PCIe 51.2 TFLOP/s, 2.0 TB/s HBM2e.
  { match: /H100.*(PCIe)/i, peak: { name: 'NVIDIA H100 PCIe', fp32Gflops: 51_200, memGbs: 2_000, source: 'NVIDIA H100 datasheet (PCIe)' } },
  { match: /H100.*NVL/i, peak: { name: 'NVIDIA H100 NVL', fp32Gflops: 60_000, memGbs: 3_900, source: 'NVIDIA H100 datasheet (NVL)' } },
  { match: /H100/i, peak: { name: 'NVIDIA H100 SXM5', fp32Gflops: 66_900, memGbs: 3_350, source: 'NVIDIA H100 datasheet (SXM5)' } },
  // H200: same GH100 compute as H100 SXM, 4.8 TB/s HBM3e.
  { match: /H200/i, peak: { name: 'NVIDIA H200', fp32Gflops: 66_900, memGbs: 4_800, source: 'NVIDIA H200 datasheet' } },
];

/** The peak of a device named e.g. by nvidia-smi ("NVIDIA H100 80GB HBM3") or the adapter's description. */
export function findPeak(...names: (string | undefined)[]): Peak | null {
  for (const name of names) {
    if (!name) continue;
    const hit = TABLE.find((t) => t.match.test(name));
    if (hit) return hit.peak;
  }
  return null;
}
