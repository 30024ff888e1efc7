// The bucket map: which host owns which bucket of client space, and the hash that maps a client to
// a bucket. NLB's real hash is proprietary and not public; this one is our own and illustrative.
import { slash24, type Ip } from './addr';
import type { Affinity } from '../scenario/types';

/** A well-mixed 32-bit integer hash (the "lowbias32" finaliser): every input bit moves every output bit. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * VIP Lab's bucket hash (illustrative; NLB's own is not public). What it hashes follows NLB's
 * affinity rules: None = client IP and port, Single = client IP, Network = the client's /24.
 */
export function bucketOf(clientIp: Ip, clientPort: number, affinity: Affinity, bucketCount: number): number {
  let key: number;
  if (affinity === 'none') key = mix32((clientIp ^ mix32(clientPort + 0x9e3779b9)) >>> 0);
  else if (affinity === 'network') key = mix32(slash24(clientIp) >>> 0);
  else key = mix32(clientIp >>> 0);
  return key % bucketCount;
}

export interface BucketCandidate {
  /** Stable identity of the host (its index in the cluster). */
  host: number;
  /** Load weight 0..100; buckets are shared in proportion. */
  weight: number;
  /** Host priority, used to break ties deterministically (lower number first). */
  priority: number;
}

/**
 * How many buckets each host should own: in proportion to weight, by largest remainder, ties to
 * the better priority. Hosts with weight 0 get none. If every weight is 0, nobody gets any.
 */
export function bucketTargets(candidates: BucketCandidate[], bucketCount: number): Map<number, number> {
  const targets = new Map<number, number>();
  const total = candidates.reduce((sum, c) => sum + c.weight, 0);
  if (total <= 0) {
    for (const c of candidates) targets.set(c.host, 0);
    return targets;
  }
  const shares = candidates.map((c) => {
    const exact = (c.weight / total) * bucketCount;
    return { c, base: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  let left = bucketCount - shares.reduce((sum, s) => sum + s.base, 0);
  const byRest = [...shares].sort((x, y) => y.rest - x.rest || x.c.priority - y.c.priority);
  for (const s of byRest) {
    if (left <= 0) break;
    if (s.c.weight > 0) {
      s.base++;
      left--;
    }
  }
  for (const s of shares) targets.set(s.c.host, s.base);
  return targets;
}

export const NO_OWNER = -1;

/**
 * Assign buckets to hosts in proportion to weight, moving as few buckets as possible from the
 * previous map (as NLB's convergence does): a bucket stays with its owner while that owner is still
 * a candidate and within its target; the rest go, in bucket order, to hosts still below target.
 * With no previous map, buckets are dealt round-robin so that every host's share is spread out.
 */
export function assignBuckets(
  candidates: BucketCandidate[],
  bucketCount: number,
  previous?: Int16Array,
): Int16Array {
  const owners = new Int16Array(bucketCount).fill(NO_OWNER);
  const targets = bucketTargets(candidates, bucketCount);
  const held = new Map<number, number>();
  for (const c of candidates) held.set(c.host, 0);
  if (previous && previous.length === bucketCount) {
    for (let b = 0; b < bucketCount; b++) {
      const owner = previous[b]!;
      const target = targets.get(owner);
      if (target !== undefined && held.get(owner)! < target) {
        owners[b] = owner;
        held.set(owner, held.get(owner)! + 1);
      }
    }
  }
  const ordered = [...candidates].sort((x, y) => x.priority - y.priority);
  let turn = 0;
  for (let b = 0; b < bucketCount; b++) {
    if (owners[b] !== NO_OWNER) continue;
    for (let tries = 0; tries < ordered.length; tries++) {
      const c = ordered[(turn + tries) % ordered.length]!;
      if (held.get(c.host)! < targets.get(c.host)!) {
        owners[b] = c.host;
        held.set(c.host, held.get(c.host)! + 1);
        turn = (turn + tries + 1) % ordered.length;
        break;
      }
    }
  }
  return owners;
}
