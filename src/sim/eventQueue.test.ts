// The event queue: earliest first, ties in insertion order, and cancelled timers never run and
// never stay queued (issue 15: a finished run holds no stale events).
import { describe, expect, it } from 'vitest';
import { Prng } from './prng';
import { EventQueue, fire } from './eventQueue';
import { Simulation } from './simulation';
import { quietScenario } from './testing';

describe('EventQueue', () => {
  it('runs events earliest first, ties in the order they were queued, and skips cancelled ones', () => {
    const q = new EventQueue();
    const ran: string[] = [];
    // An event is data: a component, one of its methods by name, and its arguments.
    const log = { note: (t: number, i: number) => void ran.push(`${t}:${i}`) };
    const events = [5, 1, 3, 1, 4, 2].map((t, i) => q.push(t, log, 'note', t, i));
    q.cancel(events[2]!); // t 3
    q.cancel(events[2]!); // twice: nothing more
    expect(q.size).toBe(5);
    for (let e = q.pop(); e; e = q.pop()) fire(e);
    expect(ran).toEqual(['1:1', '1:3', '2:5', '4:4', '5:0']);
    q.cancel(events[0]!); // already ran: nothing happens
    expect(q.size).toBe(0);
  });

  it('stays a valid heap through 5,000 random pushes, pops and cancels', () => {
    const rng = new Prng(7);
    const q = new EventQueue();
    const idle = { nothing: () => {} };
    const live = new Set<ReturnType<EventQueue['push']>>();
    const expected: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const r = rng.uint32() % 10;
      if (r < 5) live.add(q.push(rng.uint32() % 1000, idle, 'nothing'));
      else if (r < 8 && live.size > 0) {
        const victim = [...live][rng.uint32() % live.size]!;
        q.cancel(victim);
        live.delete(victim);
      } else {
        const e = q.pop();
        if (e) {
          live.delete(e);
          expected.push(e.t);
        }
      }
    }
    // What is left comes out in order, exactly the events neither popped nor cancelled.
    const rest: number[] = [];
    for (let e = q.pop(); e; e = q.pop()) rest.push(e.t);
    expect(rest).toEqual([...rest].sort((a, b) => a - b));
    expect(rest.length).toBe(live.size);
  });
});

describe('EventQueue lanes', () => {
  it('runs lane events and heap events in one order: time, then insertion', () => {
    const q = new EventQueue();
    const ran: string[] = [];
    const log = { note: (name: string) => void ran.push(name) };
    q.append(1, 1, log, 'note', 'lane 1 at 1');
    q.push(1, log, 'note', 'heap at 1');
    q.append(2, 2, log, 'note', 'lane 2 at 2');
    q.append(1, 2, log, 'note', 'lane 1 at 2');
    q.push(0.5, log, 'note', 'heap at 0.5');
    // Earlier than the lane's last: it goes to the heap, and still runs in its place.
    q.append(1, 1.5, log, 'note', 'lane 1 at 1.5');
    q.append(2, 2, log, 'note', 'lane 2 at 2 again');
    expect(q.size).toBe(7);
    expect(q.peekTime()).toBe(0.5);
    for (let e = q.pop(); e; e = q.pop()) fire(e);
    expect(ran).toEqual([
      'heap at 0.5',
      'lane 1 at 1',
      'heap at 1',
      'lane 1 at 1.5',
      'lane 2 at 2',
      'lane 1 at 2',
      'lane 2 at 2 again',
    ]);
    expect(q.size).toBe(0);
    expect(q.peekTime()).toBe(Infinity);
  });

  it('gives the same order as the heap alone through 20,000 random events, a lane growing and wrapping', () => {
    const rng = new Prng(11);
    const laned = new EventQueue();
    const heap = new EventQueue();
    const idle = { nothing: (_i: number) => {} };
    const order = (q: EventQueue) => {
      const out: number[] = [];
      for (let e = q.pop(); e; e = q.pop()) out.push(e.a as number);
      return out;
    };
    let now = 0;
    const out: [number[], number[]] = [[], []];
    for (let i = 0; i < 20_000; i++) {
      const r = rng.uint32() % 10;
      const delay = [0.2, 1, 1, 2, 3000][rng.uint32() % 5]!;
      if (r < 6) {
        laned.append(delay, now + delay, idle, 'nothing', i);
        heap.push(now + delay, idle, 'nothing', i);
      } else if (r < 7) {
        const t = now + (rng.uint32() % 50);
        laned.push(t, idle, 'nothing', i);
        heap.push(t, idle, 'nothing', i);
      } else {
        expect(laned.size).toBe(heap.size);
        expect(laned.peekTime()).toBe(heap.peekTime());
        const a = laned.pop();
        const b = heap.pop();
        out[0].push(a ? (a.a as number) : -1);
        out[1].push(b ? (b.a as number) : -1);
        if (b) now = b.t;
      }
    }
    expect(out[0]).toEqual(out[1]);
    expect(order(laned)).toEqual(order(heap));
  });
});

describe('timers in a run', () => {
  it('a finished batch of 1,000 connections leaves no connection timer queued', () => {
    const sim = new Simulation(quietScenario());
    expect(sim.runConnections(1000)).toMatchObject({ completed: 1000, failed: 0 });
    // The same world with no connections, at the same moment: its heartbeats and client timer only.
    const idle = new Simulation(quietScenario());
    idle.advanceTo(sim.now);
    expect(idle.world.queue.size).toBeLessThanOrEqual(5);
    // Nothing per connection is left (before timers were cancelled, about 1,000 stale ones were).
    expect(sim.world.queue.size).toBe(idle.world.queue.size);
  });
});
