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
 * once per connection; a lookup by the four numbers goes by `connectionHash` and makes none.
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

/** In `byHash`: two or more connections have this hash, so a lookup goes by their keys instead. */
const SHARED = 'shared';

/**
 * The open connections by key (in the order they were added: `netstat` lists them so), and by hash
 * for the lookup of every segment; a connection that leaves has its timer cancelled.
 */
export class TcbTable<T extends TableConnection> {
  private readonly byKey = new Map<string, T>();
  /** The one connection with each hash, or SHARED (with how many in `sharing`). */
  private readonly byHash = new Map<number, T | typeof SHARED>();
  private readonly sharing = new Map<number, number>();

  constructor(private readonly world: World) {}

  get size(): number {
    return this.byKey.size;
  }

  get(localIp: Ip, localPort: number, remoteIp: Ip, remotePort: number): T | undefined {
    const found = this.byHash.get(connectionHash(localIp, localPort, remoteIp, remotePort));
    if (found === undefined) return undefined;
    if (found !== SHARED)
      return found.localIp === localIp &&
        found.localPort === localPort &&
        found.remoteIp === remoteIp &&
        found.remotePort === remotePort
        ? found
        : undefined;
    return this.byKey.get(tcbKey(localIp, localPort, remoteIp, remotePort));
  }

  has(tcb: T): boolean {
    const found = this.byHash.get(hashOf(tcb));
    return found === SHARED ? this.byKey.get(tcb.key) === tcb : found === tcb;
  }

  /** Adds a connection; one with the same four numbers already here is replaced, in its place. */
  add(tcb: T): void {
    const hash = hashOf(tcb);
    const found = this.byHash.get(hash);
    if (found === SHARED) {
      // A connection more with a hash others share, unless it replaces its namesake among them.
      if (!this.byKey.has(tcb.key)) this.sharing.set(hash, this.sharing.get(hash)! + 1);
    } else if (found === undefined || found.key === tcb.key) this.byHash.set(hash, tcb);
    else {
      this.byHash.set(hash, SHARED);
      this.sharing.set(hash, 2);
    }
    this.byKey.set(tcb.key, tcb);
  }

  delete(tcb: T): void {
    const hash = hashOf(tcb);
    const found = this.byHash.get(hash);
    if (found === tcb) this.byHash.delete(hash);
    else if (found !== SHARED || this.byKey.get(tcb.key) !== tcb) return;
    this.byKey.delete(tcb.key);
    if (found === SHARED) {
      const left = this.sharing.get(hash)! - 1;
      if (left > 1) this.sharing.set(hash, left);
      else {
        // One connection keeps the hash: it is found by it again.
        this.sharing.delete(hash);
        this.byHash.set(hash, this.findByHash(hash)!);
      }
    }
    this.world.cancel(tcb.timer);
  }

  clear(): void {
    for (const tcb of this.byKey.values()) this.world.cancel(tcb.timer);
    this.byKey.clear();
    this.byHash.clear();
    this.sharing.clear();
  }

  values(): IterableIterator<T> {
    return this.byKey.values();
  }

  private findByHash(hash: number): T | undefined {
    for (const tcb of this.byKey.values()) if (hashOf(tcb) === hash) return tcb;
    return undefined;
  }
}

function hashOf(tcb: TableConnection): number {
  return connectionHash(tcb.localIp, tcb.localPort, tcb.remoteIp, tcb.remotePort);
}
