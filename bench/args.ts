// Command-line flags of the benchmark runners: --quick, --only REGEX, --runs N, --seconds S,
// --max-steps N, --out DIR, --data-dir DIR, --gpu-name NAME, --engines a,b,c, --no-peers,
// --peers-only REGEX, --cpu-peers-only, --profile REGEX, --kernels, --fused, --ntk128.

export interface BenchArgs {
  quick: boolean;
  only: RegExp | null;
  runs: number;
  targetSeconds: number;
  maxSteps: number;
  outDir: string;
  dataDir: string | null;
  gpuName: string | null;
  engines: string[] | null;
  peers: boolean;
  /** Restricts the peer comparison's workloads (default: --only). */
  peersOnly: RegExp | null;
  /** Only the CPU peer comparison (the fast CPU engine against jax-js and TF.js on the CPU), no GPU peers. */
  cpuPeersOnly: boolean;
  /** Node runner: per-stage GPU milliseconds for these workload ids (GpuEngine.profileStages). */
  profile: RegExp | null;
  /** GPU rows: GPU time per kernel from timestamp queries (bench/kernels.ts). */
  kernels: boolean;
  /** Linear rows: a second GPU row with the fused step kernel (GpuEngineOptions.linearFused) beside the default one. */
  fused: boolean;
  /** NTK rows: a second GPU row with the 128×128-tile kernels (GpuEngineOptions.ntkTile128) beside the default one. */
  ntk128: boolean;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const a: BenchArgs = { quick: false, only: null, runs: 5, targetSeconds: 1, maxSteps: 100_000, outDir: 'results/bench', dataDir: null, gpuName: null, engines: null, peers: true, peersOnly: null, cpuPeersOnly: false, profile: null, kernels: false, fused: false, ntk128: false };
  let seconds: number | null = null;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const num = (): number => {
      const v = Number(value());
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${flag} needs a positive number`);
      return v;
    };
    switch (flag) {
      case '--quick': a.quick = true; break;
      case '--only': a.only = new RegExp(value()); break;
      case '--runs': a.runs = Math.max(1, Math.round(num())); break;
      case '--seconds': seconds = num(); break;
      case '--max-steps': a.maxSteps = Math.round(num()); break;
      case '--out': a.outDir = value(); break;
      case '--data-dir': a.dataDir = value(); break;
      case '--gpu-name': a.gpuName = value(); break;
      case '--engines': a.engines = value().split(','); break;
      case '--no-peers': a.peers = false; break;
      case '--peers-only': a.peersOnly = new RegExp(value()); break;
      case '--cpu-peers-only': a.cpuPeersOnly = true; break;
      case '--profile': a.profile = new RegExp(value()); break;
      case '--kernels': a.kernels = true; break;
      case '--fused': a.fused = true; break;
      case '--ntk128': a.ntk128 = true; break;
      default: throw new Error(`unknown flag ${flag} (see bench/args.ts)`);
    }
  }
  a.targetSeconds = seconds ?? (a.quick ? 0.25 : 1);
  return a;
}
