// decodeFileText with concrete bytes: UTF-8 read, UTF-16 with a BOM read, and UTF-16 without one,
// Latin-1, binary, empty and too-large files refused with one plain sentence each.
import { describe, expect, it } from 'vitest';
import {
  decodeFileText,
  fileTooLargeMessage,
  formatKilobytes,
  MAX_FILE_BYTES,
  textTooLarge,
} from './fileText';
import { scenarioFromJson } from './json';

const bytes = (...b: number[]) => Uint8Array.from(b);
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('decodeFileText reads', () => {
  it('UTF-8, with its multi-byte characters', () => {
    // {"title":"Café"} with é as C3 A9.
    expect(
      decodeFileText(bytes(0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0x43, 0x61, 0x66, 0xc3, 0xa9, 0x22, 0x7d)),
    ).toEqual({
      ok: true,
      text: '{"t":"Café"}',
    });
  });

  it('UTF-8 with a byte-order mark, dropping the mark', () => {
    expect(decodeFileText(bytes(0xef, 0xbb, 0xbf, 0x7b, 0x7d))).toEqual({ ok: true, text: '{}' });
  });

  it('UTF-16 little-endian and big-endian with a byte-order mark (Windows "Unicode")', () => {
    expect(decodeFileText(bytes(0xff, 0xfe, 0x7b, 0x00, 0xe9, 0x00, 0x7d, 0x00))).toEqual({
      ok: true,
      text: '{é}',
    });
    expect(decodeFileText(bytes(0xfe, 0xff, 0x00, 0x7b, 0x00, 0xe9, 0x00, 0x7d))).toEqual({
      ok: true,
      text: '{é}',
    });
  });
});

describe('decodeFileText refuses, naming the problem', () => {
  it('UTF-16 little-endian without a byte-order mark', () => {
    // {"version": 1} as UTF-16LE: every second byte is NUL.
    const text = '{"version": 1}';
    const le = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) le[i * 2] = text.charCodeAt(i);
    expect(le.subarray(0, 6)).toEqual(bytes(0x7b, 0x00, 0x22, 0x00, 0x76, 0x00));
    expect(decodeFileText(le)).toEqual({
      ok: false,
      error:
        'This file is not UTF-8 text (it looks like UTF-16 little-endian, which Windows calls "Unicode"). Save it as UTF-8 (in Notepad: File, Save as, Encoding: UTF-8) and import it again.',
    });
  });

  it('UTF-16 big-endian without a byte-order mark', () => {
    const result = decodeFileText(bytes(0x00, 0x7b, 0x00, 0x22, 0x00, 0x76, 0x00, 0x22, 0x00, 0x7d));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error).toMatch(/^This file is not UTF-8 text \(it looks like UTF-16 big-endian,/);
  });

  it('Latin-1 (Windows-1252): é as the single byte E9, saying on which line', () => {
    // {\n"title": "Café"\n} in Latin-1.
    const latin1 = bytes(...ascii('{\n"title": "Caf'), 0xe9, ...ascii('"\n}'));
    expect(decodeFileText(latin1)).toEqual({
      ok: false,
      error:
        'This file is not UTF-8 text (line 2 has a character that is not UTF-8; it may be saved as Latin-1 or Windows-1252, or be damaged). Save it as UTF-8 (in Notepad: File, Save as, Encoding: UTF-8) and import it again.',
    });
  });

  it('invalid UTF-8: a lone continuation byte, a truncated sequence, an overlong form', () => {
    for (const bad of [bytes(0x7b, 0x80, 0x7d), bytes(0x7b, 0xe2, 0x82), bytes(0xc0, 0xaf)]) {
      const result = decodeFileText(bad);
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(result.error).toMatch(
          /^This file is not UTF-8 text \(line 1 has a character that is not UTF-8;/,
        );
    }
  });

  it('does not give a line it cannot be sure of when the file holds a real U+FFFD', () => {
    const result = decodeFileText(bytes(0xef, 0xbf, 0xbd, 0x0a, 0xff));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^This file is not UTF-8 text \(it has a character/);
  });

  it('binary data (a PNG header) and UTF-32', () => {
    expect(
      decodeFileText(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d)),
    ).toEqual({
      ok: false,
      error: 'This file is not text (it holds binary data), so it is not a VIP Lab scenario.',
    });
    const result = decodeFileText(bytes(0xff, 0xfe, 0x00, 0x00, 0x7b, 0x00, 0x00, 0x00));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^This file is not UTF-8 text \(it is UTF-32\)/);
  });

  it('UTF-16 with a byte-order mark but a broken surrogate pair', () => {
    // FF FE, then a high surrogate D83D followed by "A": not UTF-16 at all.
    const result = decodeFileText(bytes(0xff, 0xfe, 0x3d, 0xd8, 0x41, 0x00));
    expect(result).toEqual({
      ok: false,
      error:
        'This file says it is UTF-16 text but is damaged. Save it as UTF-8 (in Notepad: File, Save as, Encoding: UTF-8) and import it again.',
    });
  });

  it('an empty file', () => {
    expect(decodeFileText(new Uint8Array(0))).toEqual({
      ok: false,
      error: 'This file is empty, so it is not a VIP Lab scenario.',
    });
  });
});

describe('sizes: one unit (KB of 1,000 bytes), always rounded up', () => {
  it('a file of 1,000,025 bytes is 1,001 KB against at most 1,000 KB', () => {
    expect(MAX_FILE_BYTES).toBe(1_000_000);
    const result = decodeFileText(new Uint8Array(1_000_025).fill(0x20));
    expect(result).toEqual({
      ok: false,
      error: 'This file is too large for a VIP Lab scenario (1,001 KB; at most 1,000 KB).',
    });
  });

  it('a file at the limit is read; one byte over is refused and never reads as equal to the limit', () => {
    expect(decodeFileText(new Uint8Array(1_000_000).fill(0x20)).ok).toBe(true);
    expect(fileTooLargeMessage(1_000_001)).toBe(
      'This file is too large for a VIP Lab scenario (1,001 KB; at most 1,000 KB).',
    );
    expect(formatKilobytes(4_200_000)).toBe('4,200 KB');
    expect(formatKilobytes(999)).toBe('1 KB');
  });

  it('text already read is measured as UTF-8 bytes, in the same words', () => {
    expect(textTooLarge(' '.repeat(1_000_025))).toBe(
      'This file is too large for a VIP Lab scenario (1,001 KB; at most 1,000 KB).',
    );
    // 400,000 two-byte characters are 800,000 bytes: within the limit. 500,001 are 1,000,002 bytes.
    expect(textTooLarge('é'.repeat(400_000))).toBeNull();
    expect(textTooLarge('é'.repeat(500_001))).toBe(
      'This file is too large for a VIP Lab scenario (1,001 KB; at most 1,000 KB).',
    );
  });

  it('no file that passes decodeFileText is refused as too large by scenarioFromJson', () => {
    const decoded = decodeFileText(new Uint8Array(MAX_FILE_BYTES).fill(0x20));
    expect(decoded.ok).toBe(true);
    const result = decoded.ok ? scenarioFromJson(decoded.text) : null;
    expect(result?.ok).toBe(false);
    if (result && !result.ok) expect(result.errors[0]).not.toMatch(/too large/);
  });
});
