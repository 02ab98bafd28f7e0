// Strings from a config or a file (names, labels, paths) are echoed to the terminal; control bytes in
// them (escape sequences that move the cursor, retitle the window or clear the screen) are shown as
// \xNN instead of being sent to the terminal.

/** C0 and C1 control characters (and DEL), except the tab and the newline of a message's own layout. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
