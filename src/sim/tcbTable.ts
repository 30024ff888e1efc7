// The open TCP connections of one stack, found by their four numbers (local address and port,
// remote address and port) for every segment that arrives, kept in the order they were opened.
import type { Ip } from './addr';
import type { QueuedEvent } from './eventQueue';
import type { World } from './world';

/** What the table needs of a connection: its four numbers, its key (tcbKey of them) and its timer. */
export interface TableConnection {
  readonly localIp: Ip;
  readonly localPort: number;
  readonly remoteIp: Ip;
  readonly remotePort: number;
  readonly key: string;
  timer: QueuedEvent | null;
}

/**
 * Connection key: the four numbers as six UTF-16 code units (each address as two 16-bit halves, each
 * port as one), one distinct key per connection since addresses are 32-bit and ports 16-bit. Made
 * once per connection (the table orders by it while a hash is shared); a lookup by the four numbers
 * goes by `connectionHash` and makes none.
 */
export function tcbKey(localIp: Ip, localPort: number, remoteIp: Ip, remotePort: number): string {
  return String.fromCharCode(
    localIp >>> 16,
    localIp & 0xffff,
    localPort,
    remoteIp >>> 16,
    remoteIp & 0xffff,
    remotePort,
  );
}

/**
 * The four numbers mixed into 30 bits: a small integer to V8, so a Map looks it up with no string
 * made or hashed and no heap number (IP * 65536 + port would be one). Different connections may
 * share one; the table tells them apart.
 */
export function connectionHash(localIp: Ip, localPort: number, remoteIp: Ip, remotePort: number): number {
  let h = Math.imul(localIp | 0, 0x9e3779b1);
  h = Math.imul(h ^ (remoteIp | 0), 0x85ebca6b);
  h = Math.imul(h ^ ((localPort << 16) | remotePort), 0xc2b2ae35);
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

/**
 * The open connections, found by the hash of their four numbers for every segment, and listed in the
 * order they were added (`netstat` lists them so); a connection that leaves has its timer cancelled.
 * While no two connections share a hash, the Map by hash alone keeps that order (each connection its
 * own entry); from the first hash shared until none is, a Map by key keeps it instead.
 */
export class TcbTable<T extends TableConnection> {
  /** The connection with each hash, or the connections sharing it. */
  private readonly byHash = new Map<number, T | T[]>();
  /** By key, in the order added: only while some hash is shared (null otherwise). */
  private byKey: Map<string, T> | null = null;
  /** Hashes shared by two connections or more. */
  private shared = 0;
  private count = 0;

  constructor(private readonly world: World) {}

  get size(): number {
    return this.count;
  }

  get(localIp: Ip, localPort: number, remoteIp: Ip, remotePort: number): T | undefined {
    const found = this.byHash.get(connectionHash(localIp, localPort, remoteIp, remotePort));
    if (found === undefined) return undefined;
    if (!Array.isArray(found))
      return isConnection(found, localIp, localPort, remoteIp, remotePort) ? found : undefined;
    for (const tcb of found) if (isConnection(tcb, localIp, localPort, remoteIp, remotePort)) return tcb;
    return undefined;
  }

  has(tcb: T): boolean {
    const found = this.byHash.get(hashOf(tcb));
    return found === tcb || (Array.isArray(found) && found.includes(tcb));
  }

  /** Adds a connection; one with the same four numbers already here is replaced, in its place. */
  add(tcb: T): void {
    const hash = hashOf(tcb);
    const found = this.byHash.get(hash);
    if (found === undefined) {
      this.byHash.set(hash, tcb);
      this.count++;
    } else if (!Array.isArray(found)) {
      if (found.key === tcb.key) this.byHash.set(hash, tcb);
      else {
        // The first hash shared: the order is kept by key from now on, as it stands.
        this.byKey ??= new Map([...(this.byHash.values() as MapIterator<T>)].map((c) => [c.key, c]));
        this.byHash.set(hash, [found, tcb]);
        this.shared++;
        this.count++;
      }
    } else {
      const same = found.findIndex((c) => c.key === tcb.key);
      if (same >= 0) found[same] = tcb;
      else {
        found.push(tcb);
        this.count++;
      }
    }
    this.byKey?.set(tcb.key, tcb);
  }

  delete(tcb: T): void {
    const hash = hashOf(tcb);
    const found = this.byHash.get(hash);
    if (found === tcb) this.byHash.delete(hash);
    else if (Array.isArray(found) && found.includes(tcb)) {
      found.splice(found.indexOf(tcb), 1);
      if (found.length === 1) {
        this.byHash.set(hash, found[0]!);
        this.shared--;
      }
    } else return;
    this.count--;
    const byKey = this.byKey;
    if (byKey !== null) {
      byKey.delete(tcb.key);
      if (this.shared === 0) {
        // No hash shared any more: the Map by hash keeps the order again, rebuilt in it.
        this.byHash.clear();
        for (const c of byKey.values()) this.byHash.set(hashOf(c), c);
        this.byKey = null;
      }
    }
    this.world.cancel(tcb.timer);
  }

  clear(): void {
    for (const tcb of this.values()) this.world.cancel(tcb.timer);
    this.byHash.clear();
    this.byKey = null;
    this.shared = 0;
    this.count = 0;
  }

  values(): IterableIterator<T> {
    // With no hash shared, every entry by hash is one connection.
    return this.byKey?.values() ?? (this.byHash.values() as MapIterator<T>);
  }
}

function isConnection(
  tcb: TableConnection,
  localIp: Ip,
  localPort: number,
  remoteIp: Ip,
  remotePort: number,
): boolean {
  return (
    tcb.localIp === localIp &&
    tcb.localPort === localPort &&
    tcb.remoteIp === remoteIp &&
    tcb.remotePort === remotePort
  );
}

function hashOf(tcb: TableConnection): number {
  return connectionHash(tcb.localIp, tcb.localPort, tcb.remoteIp, tcb.remotePort);
}
