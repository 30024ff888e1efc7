// Lab 2's moving packets, kept apart from Lab 1's. The lab store's update handler writes the hops it
// hears into the page's one packet feed (packetFeed.ts, which Lab 1's canvas reads); Lab 2's store
// is the same code. So while Lab 2's store handles an update, or runs an action that touches the feed
// (speed, reset, a restart), the feed's methods are pointed at a feed of Lab 2's own, and put back
// at once after: synchronous, so nothing else can run in between.
//
// The lasting way is a feed per lab store (the runtime owning it, the packet layer taking it as an
// argument); until then this keeps the two labs' packets from mixing.
import { packetFeed } from '../packetFeed';
import type { OpenWorker } from '../lab/labRuntime';

export type PacketFeed = typeof packetFeed;

/** The feed's methods that change it (every method on its prototype but the constructor). */
const METHODS: readonly string[] = Object.getOwnPropertyNames(Object.getPrototypeOf(packetFeed)).filter(
  (name) =>
    name !== 'constructor' &&
    typeof (Object.getPrototypeOf(packetFeed) as Record<string, unknown>)[name] === 'function',
);

/** A new, empty packet feed like the page's (same class), for a second lab. */
export function createPacketFeed(): PacketFeed {
  const Feed = (Object.getPrototypeOf(packetFeed) as { constructor: new () => PacketFeed }).constructor;
  return new Feed();
}

/** Runs `fn` with the page's packet feed standing in for `feed`: what `fn` does to it lands in `feed`. */
export function withFeed<T>(feed: PacketFeed, fn: () => T): T {
  if (feed === packetFeed) return fn();
  const target = packetFeed as unknown as Record<string, unknown>;
  const source = feed as unknown as Record<string, (...args: unknown[]) => unknown>;
  const saved = METHODS.map((name) => [name, Object.getOwnPropertyDescriptor(target, name)] as const);
  for (const name of METHODS) {
    Object.defineProperty(target, name, {
      configurable: true,
      writable: true,
      value: (...args: unknown[]) => source[name]!.apply(feed, args),
    });
  }
  try {
    return fn();
  } finally {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(target, name, descriptor);
      else delete target[name];
    }
  }
}

/** `openWorker` whose updates are handled with `feed` standing in for the page's packet feed. */
export function withFeedWorker(openWorker: OpenWorker, feed: PacketFeed): OpenWorker {
  return (onUpdate) => openWorker((update) => withFeed(feed, () => onUpdate(update)));
}
