// The talk's rate table for GD with a budget of T steps (two-layer network in the NTK regime; the
// linear model is its m → ∞ limit), and what it predicts for a run:
//
//   loss                 η            L(w_T)
//   logistic / flatExp   1            O(ln²T / T)
//   logistic / flatExp   Θ(T)         O(ln²T / T²)
//   flatPoly, a > 0      1            O(T^(−a/(a+2)))
//   flatPoly, 0 < a ≤ 1  Θ(T^(a/2))   O(T^(−a/2))
//   flatPoly, a > 1      Θ(T^(1/2))   O(T^(−3a/(2a+4)))
//
// All rows come from one bound, L(w_t) ≲ ρ(ηt)/(ηt) once stable, with ρ(λ) = ln²λ for the
// exponential tails and λ^(2/(a+2)) for flatPoly: at a fixed η the loss falls like t^(−1) (up to
// logs) or t^(−a/(a+2)), which is the late log–log slope a run can be held against.

import type { LossConfig } from './config-types';

/** The stepsize of the talk's table for horizon T: T for the exponential tails, T^(min(a,1)/2) for flatPoly. */
export function talkEta(loss: LossConfig, T: number): number {
  if (loss.kind === 'flatPoly') return T ** (Math.min(loss.a, 1) / 2);
  return T;
}

/** The late log–log slope of L(w_t) at a fixed η: −1 for the exponential tails, −a/(a+2) for flatPoly. */
export function predictedSlope(loss: LossConfig): number | null {
  switch (loss.kind) {
    case 'logistic':
    case 'exponential':
    case 'flatExp':
      return -1;
    case 'flatPoly':
      return -loss.a / (loss.a + 2);
    default:
      return null;
  }
}

const exp = (v: number) => String(Number(v.toPrecision(3)));

/** The table's L(w_T) for η = 1 or η = talkEta(loss, T), as text ("ln²T/T", "T^-0.333"); null for other η. */
export function talkRate(loss: LossConfig, eta: number, T: number): string | null {
  const tuned = Math.abs(eta / talkEta(loss, T) - 1) < 1e-9;
  if (eta !== 1 && !tuned) return null;
  if (loss.kind === 'flatPoly') {
    const a = loss.a;
    if (!tuned) return `T^-${exp(a / (a + 2))}`;
    return a <= 1 ? `T^-${exp(a / 2)}` : `T^-${exp((3 * a) / (2 * a + 4))}`;
  }
  if (loss.kind === 'logistic' || loss.kind === 'flatExp') return tuned ? 'ln²T/T²' : 'ln²T/T';
  return null;
}
