// Values by an IPv4 address and a port (a client's end of a connection): NLB's connection
// descriptors and the client's ephemeral ports in use, looked up several times per connection.

import type { Ip } from './addr';

interface Entry<V> {
  readonly ip: Ip;
  readonly port: number;
  value: V;
  /** The next entry whose pair mixes to the same number, or null. */
  next: Entry<V> | null;
}

/**
 * The address and port mixed into 30 bits: a small integer to V8 in Node and in Chrome, so a Map
 * finds it with no key made for the lookup. Different pairs may share one; the entries tell them
 * apart. (The key this replaced was a three-character string, made at every lookup and hashed.)
 */
export function addressPortMix(ip: Ip, port: number): number {
  const h = Math.imul(ip ^ Math.imul(port, 0x9e3779b1), 0x85ebca6b);
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

/**
 * A map from (address, port) to a value. Iterates in a fixed order for a given history of changes
 * (by the mixed number's first arrival, then the entries sharing it), which is all the engine's
 * determinism needs; it is not the order of insertion.
 */
export class AddressPortMap<V> {
  private readonly byMix = new Map<number, Entry<V>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(ip: Ip, port: number): V | undefined {
    let e: Entry<V> | null | undefined = this.byMix.get(addressPortMix(ip, port));
    while (e !== undefined && e !== null) {
      if (e.ip === ip && e.port === port) return e.value;
      e = e.next;
    }
    return undefined;
  }

  has(ip: Ip, port: number): boolean {
    let e: Entry<V> | null | undefined = this.byMix.get(addressPortMix(ip, port));
    while (e !== undefined && e !== null) {
      if (e.ip === ip && e.port === port) return true;
      e = e.next;
    }
    return false;
  }

  set(ip: Ip, port: number, value: V): void {
    const key = addressPortMix(ip, port);
    const head = this.byMix.get(key);
    for (let e = head ?? null; e !== null; e = e.next) {
      if (e.ip === ip && e.port === port) {
        e.value = value;
        return;
      }
    }
    this.byMix.set(key, { ip, port, value, next: head ?? null });
    this.count++;
  }

  /** Takes the pair out; false if it was not in. */
  delete(ip: Ip, port: number): boolean {
    const key = addressPortMix(ip, port);
    const head = this.byMix.get(key);
    let before: Entry<V> | null = null;
    for (let e = head ?? null; e !== null; before = e, e = e.next) {
      if (e.ip !== ip || e.port !== port) continue;
      if (before !== null) before.next = e.next;
      else if (e.next !== null) this.byMix.set(key, e.next);
      else this.byMix.delete(key);
      this.count--;
      return true;
    }
    return false;
  }

  /** Takes out every pair whose value passes `test`; returns how many went. */
  deleteWhere(test: (value: V) => boolean): number {
    const gone: Entry<V>[] = [];
    for (const head of this.byMix.values())
      for (let e: Entry<V> | null = head; e !== null; e = e.next) if (test(e.value)) gone.push(e);
    for (const e of gone) this.delete(e.ip, e.port);
    return gone.length;
  }

  /** Every pair and its value, as [address, port, value]. */
  *entries(): IterableIterator<[Ip, number, V]> {
    for (const head of this.byMix.values())
      for (let e: Entry<V> | null = head; e !== null; e = e.next) yield [e.ip, e.port, e.value];
  }
}
