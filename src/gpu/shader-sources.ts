// The WGSL files as text in the browser (Vite's ?raw). Node code reads the same files with fs.
import bump from '../../shaders/bump.wgsl?raw';
import common from '../../shaders/common.wgsl?raw';
import forwardWeight from '../../shaders/forward_weight.wgsl?raw';
import distOpt from '../../shaders/dist_opt.wgsl?raw';
import finalize from '../../shaders/finalize.wgsl?raw';
import linearBackward from '../../shaders/linear_backward.wgsl?raw';
import linearFused from '../../shaders/linear_fused.wgsl?raw';
import linearFusedBump from '../../shaders/linear_fused_bump.wgsl?raw';
import linearForward from '../../shaders/linear_forward.wgsl?raw';
import linearHvp from '../../shaders/linear_hvp.wgsl?raw';
import linearSum from '../../shaders/linear_sum.wgsl?raw';
import linearUpdate from '../../shaders/linear_update.wgsl?raw';
import lossProbe from '../../shaders/loss_probe.wgsl?raw';
import losses from '../../shaders/losses.wgsl?raw';
import lse from '../../shaders/lse.wgsl?raw';
import mlpAct from '../../shaders/mlp_act.wgsl?raw';
import mlpMatmul from '../../shaders/mlp_matmul.wgsl?raw';
import mlpNorms from '../../shaders/mlp_norms.wgsl?raw';
import mlpStats from '../../shaders/mlp_stats.wgsl?raw';
import mlpUpdate from '../../shaders/mlp_update.wgsl?raw';
import weightStep from '../../shaders/weight_step.wgsl?raw';
import ntkBackward from '../../shaders/ntk_backward.wgsl?raw';
import ntkBackwardT128 from '../../shaders/ntk_backward_t128.wgsl?raw';
import ntkForward from '../../shaders/ntk_forward.wgsl?raw';
import ntkPenalty from '../../shaders/ntk_penalty.wgsl?raw';
import ntkForwardT128 from '../../shaders/ntk_forward_t128.wgsl?raw';
import rng from '../../shaders/rng.wgsl?raw';
import sharpHcoef from '../../shaders/sharp_hcoef.wgsl?raw';
import sharpNormalize from '../../shaders/sharp_normalize.wgsl?raw';
import sharpScale from '../../shaders/sharp_scale.wgsl?raw';
import stats from '../../shaders/stats.wgsl?raw';
import structs from '../../shaders/structs.wgsl?raw';
import type { ShaderSources } from './shader-catalog';

export const shaderSources: ShaderSources = {
  structs,
  common,
  losses,
  rng,
  lse,
  linear_forward: linearForward,
  linear_backward: linearBackward,
  linear_update: linearUpdate,
  linear_sum: linearSum,
  weight_step: weightStep,
  forward_weight: forwardWeight,
  ntk_penalty: ntkPenalty,
  linear_fused: linearFused,
  linear_fused_bump: linearFusedBump,
  ntk_forward: ntkForward,
  ntk_backward: ntkBackward,
  ntk_forward_t128: ntkForwardT128,
  ntk_backward_t128: ntkBackwardT128,
  stats,
  finalize,
  bump,
  linear_hvp: linearHvp,
  dist_opt: distOpt,
  sharp_normalize: sharpNormalize,
  sharp_scale: sharpScale,
  sharp_hcoef: sharpHcoef,
  loss_probe: lossProbe,
  mlp_matmul: mlpMatmul,
  mlp_act: mlpAct,
  mlp_stats: mlpStats,
  mlp_update: mlpUpdate,
  mlp_norms: mlpNorms,
};
