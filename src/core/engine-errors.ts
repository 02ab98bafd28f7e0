// Failures an engine reports by type, so callers decide by `instanceof`, not by matching a message.

/**
 * The engine's device was lost (driver reset, browser watchdog, device.destroy()): every call fails
 * with this until the engine is rebuilt on a new device (Engine.recover). The message says why, in
 * the browser's words.
 */
export class DeviceLostError extends Error {
  override name = 'DeviceLostError';
}
