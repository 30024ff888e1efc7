// Test support: runs Debian's tshark over a pcap the engine wrote, and lists what its expert info
// calls malformed or a bad checksum. Used by the capture tests; never by the app.
import { execFileSync } from 'node:child_process';

const TSHARK = '/usr/bin/tshark';

/** tshark's output for `args`, or a plain message when it is not installed. */
export function tshark(args: string[]): string {
  try {
    return execFileSync(TSHARK, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT')
      throw new Error('tshark is not installed (Debian: apt-get install tshark)', { cause: error });
    throw error;
  }
}

/** Ask tshark to verify the IPv4, TCP and UDP checksums (it does not by default). */
export const TSHARK_CHECKS = [
  '-o',
  'ip.check_checksum:TRUE',
  '-o',
  'tcp.check_checksum:TRUE',
  '-o',
  'udp.check_checksum:TRUE',
];

/** The lines of a tshark report that speak of malformed packets or bad checksums ('' when none). */
export function expertProblemLines(report: string): string {
  return report
    .split('\n')
    .filter((l) => /malformed|checksum|bad|error/i.test(l) && !/^=+$/.test(l))
    .join('\n');
}

/** The expert-info lines about malformed packets or bad checksums in `file` ('' when there are none). */
export function expertProblems(file: string): string {
  return expertProblemLines(tshark(['-r', file, ...TSHARK_CHECKS, '-q', '-z', 'expert,warn']));
}

/** The packets of `file` that match display filter `filter`, each as the values of `fields`. */
export function tsharkFields(file: string, filter: string, fields: string[]): string[][] {
  return tshark(['-r', file, '-Y', filter, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])])
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t'));
}
