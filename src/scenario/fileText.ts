// decodeFileText: the bytes of a chosen file -> its text, or one plain sentence saying why it is not
// a UTF-8 text file VIP Lab can read (too large, empty, UTF-16, Latin-1, binary). Pure: no File API.

/** Largest scenario file accepted, in bytes (a scenario at every limit is far smaller). */
export const MAX_FILE_BYTES = 1_000_000;

/** How many leading bytes are looked at for UTF-16's NUL pattern (plenty for a JSON file's start). */
const SNIFF_BYTES = 4096;

export type FileTextResult = { ok: true; text: string } | { ok: false; error: string };

/**
 * A size as people read it: kilobytes of 1,000 bytes, always rounded up, so a file even one byte over
 * the limit never reads as "1,000 KB; at most 1,000 KB". Every size message uses this one unit.
 */
export function formatKilobytes(bytes: number): string {
  return `${Math.ceil(bytes / 1000).toLocaleString('en')} KB`;
}

/** The sentence for a file over MAX_FILE_BYTES; `bytes` is its size. */
export function fileTooLargeMessage(bytes: number): string {
  return `This file is too large for a VIP Lab scenario (${formatKilobytes(bytes)}; at most ${formatKilobytes(MAX_FILE_BYTES)}).`;
}

/** The too-large sentence for text already read (its size as UTF-8, as it would be saved), or null. */
export function textTooLarge(text: string): string | null {
  // A UTF-8 file has at least as many bytes as its text has UTF-16 units: skip the count when small.
  if (text.length * 3 <= MAX_FILE_BYTES) return null;
  const bytes = new TextEncoder().encode(text).length;
  return bytes > MAX_FILE_BYTES ? fileTooLargeMessage(bytes) : null;
}

const SAVE_AS_UTF8 = 'Save it as UTF-8 (in Notepad: File, Save as, Encoding: UTF-8) and import it again.';

/**
 * Which byte of each pair is NUL in the file's start, when one side nearly always is: ASCII text in
 * UTF-16 little-endian is `x 00 x 00 …`, big-endian `00 x 00 x …`. JSON never holds a raw NUL.
 */
function utf16Guess(bytes: Uint8Array): 'UTF-16 little-endian' | 'UTF-16 big-endian' | null {
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (n < 2) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  // Half the pairs is far below what ASCII-heavy UTF-16 gives (nearly all) and far above chance.
  if (oddNul >= pairs / 2 && evenNul < pairs / 8) return 'UTF-16 little-endian';
  if (evenNul >= pairs / 2 && oddNul < pairs / 8) return 'UTF-16 big-endian';
  return null;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

/** The 1-based line of the first byte that is not UTF-8, or null when that cannot be told exactly. */
function firstBadLine(bytes: Uint8Array): number | null {
  const lenient = new TextDecoder('utf-8').decode(bytes);
  const at = lenient.indexOf('\uFFFD');
  // A real U+FFFD (EF BF BD) in the file would be indistinguishable from a replaced byte.
  const hasRealReplacement = bytes.some(
    (b, i) => b === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd,
  );
  if (at < 0 || hasRealReplacement) return null;
  let line = 1;
  for (let i = 0; i < at; i++) if (lenient.charCodeAt(i) === 0x0a) line++;
  return line;
}

/**
 * Reads a file's bytes as UTF-8 text (a UTF-8 byte-order mark is dropped). UTF-16 with a byte-order
 * mark is read too (Windows' "Unicode"); it cannot be mistaken for anything else. Everything else that
 * is not UTF-8 is refused by name rather than read as garbled text. Never throws.
 */
export function decodeFileText(bytes: Uint8Array): FileTextResult {
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, error: fileTooLargeMessage(bytes.length) };
  if (bytes.length === 0) return { ok: false, error: 'This file is empty, so it is not a VIP Lab scenario.' };

  if (startsWith(bytes, [0xff, 0xfe, 0, 0]) || startsWith(bytes, [0, 0, 0xfe, 0xff])) {
    return { ok: false, error: `This file is not UTF-8 text (it is UTF-32). ${SAVE_AS_UTF8}` };
  }
  const bom16 = startsWith(bytes, [0xff, 0xfe])
    ? 'utf-16le'
    : startsWith(bytes, [0xfe, 0xff])
      ? 'utf-16be'
      : null;
  if (bom16) {
    try {
      // TextDecoder drops the byte-order mark itself.
      return { ok: true, text: new TextDecoder(bom16, { fatal: true }).decode(bytes) };
    } catch {
      return { ok: false, error: `This file says it is UTF-16 text but is damaged. ${SAVE_AS_UTF8}` };
    }
  }

  if (bytes.includes(0)) {
    const guess = utf16Guess(bytes);
    return {
      ok: false,
      error: guess
        ? `This file is not UTF-8 text (it looks like ${guess}, which Windows calls "Unicode"). ${SAVE_AS_UTF8}`
        : 'This file is not text (it holds binary data), so it is not a VIP Lab scenario.',
    };
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const line = firstBadLine(bytes);
    const where = line === null ? 'it has' : `line ${line.toLocaleString('en')} has`;
    return {
      ok: false,
      error: `This file is not UTF-8 text (${where} a character that is not UTF-8; it may be saved as Latin-1 or Windows-1252, or be damaged). ${SAVE_AS_UTF8}`,
    };
  }
}
