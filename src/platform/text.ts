/** Bytes that are not UTF-8 text, with the place of the first bad byte. */
export class NotUtf8 extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
  ) {
    super(
      `The file is not UTF-8 text: line ${line}, column ${column} holds a byte that is not UTF-8. Save the file as UTF-8 (in a spreadsheet, "CSV UTF-8") and try again.`,
    );
    this.name = 'NotUtf8';
  }
}

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/** The text of a file that must be UTF-8 (a byte-order mark is kept); NotUtf8 names the first bad byte's line and column. */
export function utf8Text(data: Uint8Array): string {
  try {
    return strict.decode(data);
  } catch {
    const text = lenient.decode(data);
    const at = text.indexOf('\uFFFD');
    const before = text.slice(0, Math.max(0, at));
    const line = before.split('\n').length;
    throw new NotUtf8(line, at - (before.lastIndexOf('\n') + 1) + 1);
  }
}
