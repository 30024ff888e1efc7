// Discrete-event queue: a binary min-heap keyed by simulated time (ms), ties broken by insertion
// order so that runs are reproducible. A timer that is no longer needed (a SYN answered, a
// connection closed) is cancelled: taken out of the heap, so a finished run holds no stale events.
// An event is data, not a closure: a component, the name of one of its methods and up to three
// arguments, so the engine's whole state can be copied for a checkpoint (issue 15).

/** A queued event: `target[method](a, b, c)` at simulated time `t`; `cancel` takes it out again. */
export interface QueuedEvent {
  readonly t: number;
  readonly seq: number;
  readonly target: object;
  readonly method: string;
  readonly a: unknown;
  readonly b: unknown;
  readonly c: unknown;
  /** Position in the heap, or -1 once it has run or been cancelled. */
  index: number;
}

/** A component with a public method `K` that an event can call with arguments `A` (at most three). */
export type HasMethod<K extends string, A extends EventArgs> = { [P in K]: (...args: A) => unknown };

/** An event's arguments: at most three. */
export type EventArgs = [] | [unknown] | [unknown, unknown] | [unknown, unknown, unknown];

/** Run an event: its component's method with its arguments. */
export function fire(event: QueuedEvent): void {
  (event.target as Record<string, (a: unknown, b: unknown, c: unknown) => void>)[event.method]!(
    event.a,
    event.b,
    event.c,
  );
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}

export class EventQueue {
  private heap: QueuedEvent[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number {
    return this.heap.length > 0 ? this.heap[0]!.t : Infinity;
  }

  /** Queue `target[method](a, b, c)` at simulated time `t`. */
  push<K extends string, A extends EventArgs>(
    t: number,
    target: HasMethod<K, A>,
    method: K,
    ...args: A
  ): QueuedEvent;
  push(t: number, target: object, method: string, a?: unknown, b?: unknown, c?: unknown): QueuedEvent {
    return this.insert(t, target, method, a, b, c);
  }

  /** `push` for a caller that has checked the call's types already (World.schedule). */
  insert(t: number, target: object, method: string, a: unknown, b: unknown, c: unknown): QueuedEvent {
    const event: QueuedEvent = { t, seq: this.seq++, target, method, a, b, c, index: this.heap.length };
    this.heap.push(event);
    this.siftUp(event.index, event);
    return event;
  }

  pop(): QueuedEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) this.siftDown(0, last);
    top.index = -1;
    return top;
  }

  /** Take a queued event out without running it (nothing happens if it already ran or was cancelled). */
  cancel(event: QueuedEvent): void {
    const i = event.index;
    if (i < 0) return;
    event.index = -1;
    const heap = this.heap;
    const last = heap.pop()!;
    if (last === event) return;
    // The last event fills the hole, then moves up or down to where it belongs.
    if (i > 0 && before(last, heap[(i - 1) >> 1]!)) this.siftUp(i, last);
    else this.siftDown(i, last);
  }

  clear(): void {
    for (const e of this.heap) e.index = -1;
    this.heap = [];
  }

  /** Place `event` at hole `i` or above it, moving earlier-placed parents down. */
  private siftUp(i: number, event: QueuedEvent): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(event, p)) break;
      heap[i] = p;
      p.index = i;
      i = parent;
    }
    heap[i] = event;
    event.index = i;
  }

  /** Place `event` at hole `i` or below it, moving earlier children up. */
  private siftDown(i: number, event: QueuedEvent): void {
    const heap = this.heap;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(heap[r]!, heap[l]!) ? r : l;
      const child = heap[c]!;
      if (!before(child, event)) break;
      heap[i] = child;
      child.index = i;
      i = c;
    }
    heap[i] = event;
    event.index = i;
  }
}
