// Text from documents (titles, names, statements) reaches the terminal through the CLI's output: an
// ESC, CSI or OSC sequence in a title could recolour the screen, retitle the window, hide lines or
// plant a clickable link, and a NUL or backspace can hide what follows. Every control character except
// tab and line breaks is written as a visible \uXXXX escape instead. The same escape is what JSON uses,
// so JSON text stays exact: JSON.stringify escapes C0 itself, and a DEL or C1 it leaves raw (xterm
// acts on C1) is read back as the same character.

// C0 except tab and LF, DEL, C1. A CR before LF is a Windows line end and stays; a lone CR would let a
// line overwrite itself.
const CONTROL = /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/g;

const visible = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

export function terminalSafe(text: string): string {
  return text.replace(CONTROL, visible);
}

// JSON.stringify writes every C0 character (CR included) as an escape already: in its output only DEL
// and C1 can be raw, so a JSON document needs only them made visible (a cheaper scan of large output).
const RAW_IN_JSON = /[\u007f-\u009f]/g;

/** terminalSafe for the text JSON.stringify made: the same result. */
export function jsonTerminalSafe(json: string): string {
  return json.replace(RAW_IN_JSON, visible);
}
