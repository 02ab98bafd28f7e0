// An EngineState across the Node ↔ page boundary (RemoteGpuEngine ↔ host.ts), both ways: its
// float64 vectors (weights, sharpness warm starts, momentum velocities) as base64, the rest as JSON.

import type { EngineState } from '../core/engine';
import { f64FromBase64, toBase64 } from './base64';
import type { WireState } from './host-api';

export function stateToWire(s: EngineState): WireState {
  const out: WireState = { step: s.step, status: s.status, divergedAt: s.divergedAt, weights: s.weights.map((w) => toBase64(w)), eigenvectors: s.eigenvectors?.map((v) => toBase64(v)) };
  if (s.velocities) out.velocities = s.velocities.map((v) => toBase64(v));
  return out;
}

export function stateFromWire(s: WireState): EngineState {
  const out: EngineState = { step: s.step, status: s.status, divergedAt: s.divergedAt, weights: s.weights.map((w) => f64FromBase64(w)), eigenvectors: s.eigenvectors?.map((v) => f64FromBase64(v)) };
  if (s.velocities) out.velocities = s.velocities.map((v) => f64FromBase64(v));
  return out;
}
