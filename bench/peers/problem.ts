// A workload as the peers receive it: the same data, w_0, output weights a_s/√m and stepsizes as bigstep.
import type { Dataset } from '../../src/core/data/dataset';
import { initialWeights, outputSigns } from '../../src/core/init';
import { toBase64 } from '../../src/gpu/base64';
import { allWorkloads, type Workload } from '../workloads';
import type { PeerProblem } from './wire';

/** The rows compared with the peers (small enough for a software adapter in --quick). */
export function peerWorkloads(quick: boolean, hardware = false): Workload[] {
  const ids = quick
    ? ['linear-d784-K1', 'linear-d784-K64', 'ntk-d196-m1000-K1']
    : ['linear-d784-K1', 'linear-d784-K8', 'linear-d784-K64', 'ntk-d196-m1000-K1', 'ntk-d196-m1000-K4', 'ntk-d784-m1000-K1', 'ntk-d784-m1000-K4'];
  if (hardware) ids.push('ntk-d784-m10000-K1', 'ntk-d784-m100000-K1');
  return allWorkloads().filter((w) => ids.includes(w.id));
}

export function toProblem(w: Workload, data: Dataset): PeerProblem {
  const kind = w.config.model.kind;
  if (kind !== 'linear' && kind !== 'ntk') throw new Error(`the peers implement the linear and NTK models, not ${kind}`);
  const m = w.config.model.kind === 'ntk' ? w.config.model.width : 1;
  const a = outputSigns(w.config.model).map((v) => v / Math.sqrt(m));
  return {
    kind,
    n: data.n,
    d: data.d,
    m,
    K: w.config.etas.length,
    x: toBase64(Float32Array.from(data.x)),
    y: toBase64(Float32Array.from(data.y)),
    w0: toBase64(Float32Array.from(initialWeights(w.config.model, data.d))),
    a: toBase64(Float32Array.from(a)),
    etas: w.config.etas,
  };
}
