// Step and Next event in the worker's session (Node, fake clock): each Step reads differently in the
// caption and says where it began; Next event stops exactly at the next timeline marker, applies
// logged changes on the way, gives up 10 simulated minutes ahead and can be cancelled.
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenario/defaults';
import type { Scenario } from '../scenario/types';
import { decisionText } from '../sim/decisionText';
import { Simulation } from '../sim/simulation';
import type { Decision } from '../sim/types';
import { captionPick } from '../sim/notableDecision';
import { NEXT_EVENT_LIMIT_MS, type WorkerUpdate } from './protocol';
import { sessionHarness } from './sessionHarness';
import { decodeHops } from './hopBatch';

type Tick = Extract<WorkerUpdate, { type: 'tick' }>;

/** A scenario whose timeline crashes Host 3 at 2 s. */
function crashAt2s(): Scenario {
  const scenario = defaultScenario();
  scenario.timeline = [{ atMs: 2_000, action: 'crash', cluster: 'A', hostIndex: 2 }];
  return scenario;
}

/** The markers a run of `scenario` alone makes up to `until` (simulated ms), in order. */
function markersOf(scenario: Scenario, until: number) {
  const alone = new Simulation(scenario);
  alone.advanceTo(until);
  return alone.world.markers;
}

/** The caption as the page keeps it: each batch's pick, else what it said before. */
function pageCaption(previous: Decision | null, decisions: readonly Decision[]): Decision | null {
  return captionPick(decisions) ?? previous;
}

describe('Step', () => {
  it('each Step changes what the caption says, and says where it began', () => {
    const { session, updates } = sessionHarness();
    session.handle({ type: 'load', scenario: defaultScenario() });
    let caption: Decision | null = null;
    let previousText = '';
    let now = 0;
    for (let i = 0; i < 80; i++) {
      const before = updates.length;
      // The page says what its caption shows, as the Step button does.
      session.handle({ type: 'step', shown: caption });
      const tick = updates.slice(before).find((u): u is Tick => u.type === 'tick')!;
      expect(tick.stepFrom).toBe(now);
      expect(tick.now).toBeGreaterThanOrEqual(now);
      now = tick.now;
      caption = pageCaption(caption, tick.decisions);
      const text = decisionText(caption!);
      expect(text, `step ${i + 1}`).not.toBe(previousText);
      previousText = text;
    }
    // 80 steps went through several connections: the skipped repeats were few.
    expect(now).toBeGreaterThan(100);
  });

  it('without being told, it goes by the caption it last posted', () => {
    const { session, updates } = sessionHarness();
    session.handle({ type: 'load', scenario: defaultScenario() });
    const texts: string[] = [];
    for (let i = 0; i < 40; i++) {
      const before = updates.length;
      session.handle({ type: 'step' });
      const tick = updates.slice(before).find((u): u is Tick => u.type === 'tick')!;
      texts.push(decisionText(captionPick(tick.decisions)!));
    }
    for (let i = 1; i < texts.length; i++) expect(texts[i], `step ${i + 1}`).not.toBe(texts[i - 1]);
  });

  it('a Step over a flood hands the page the hops that fan out to every host port', () => {
    const { session, updates } = sessionHarness();
    session.handle({ type: 'load', scenario: defaultScenario() });
    let flood: Tick | undefined;
    for (let i = 0; i < 20 && !flood; i++) {
      const before = updates.length;
      session.handle({ type: 'step' });
      const tick = updates.slice(before).find((u): u is Tick => u.type === 'tick')!;
      if (tick.decisions.some((d) => d.action === 'flood')) flood = tick;
    }
    expect(flood).toBeTruthy();
    // The flood's copies leave the switch at the step's end, one down every other port...
    const out = decodeHops(flood!.hops).filter((h) => h.from === 'switch');
    expect(new Set(out.map((h) => h.to)).size).toBeGreaterThanOrEqual(3);
    // ...and the next Step is the stretch in which they travel (the page glides over it).
    const before = updates.length;
    session.handle({ type: 'step' });
    const next = updates.slice(before).find((u): u is Tick => u.type === 'tick')!;
    expect(next.stepFrom).toBe(flood!.now);
    for (const h of out) {
      expect(h.t0).toBeGreaterThanOrEqual(next.stepFrom!);
      expect(h.t1).toBeLessThanOrEqual(next.now);
    }
  });
});

describe('Next event', () => {
  it('stops exactly at the next marker: the crash, then convergence starting, then finishing', () => {
    const scenario = crashAt2s();
    const expected = markersOf(scenario, 30_000);
    expect(expected.map((m) => m.kind).slice(0, 3)).toEqual(['fault', 'convergence', 'converged']);
    const { session, last } = sessionHarness();
    session.handle({ type: 'load', scenario });
    for (const marker of expected.slice(0, 3)) {
      session.handle({ type: 'nextEvent' });
      const stop = last('nextEvent')!;
      expect(stop).toMatchObject({ marker: { t: marker.t, kind: marker.kind }, cancelled: false });
      expect(stop.now).toBe(marker.t);
      const picture = last('seeked')!;
      expect(picture.now).toBe(marker.t);
      // The timeline holds the marker and ends at it; the run is paused there.
      expect(picture.endTime).toBe(marker.t);
      expect(picture.markers.some((m) => m.t === marker.t && m.kind === marker.kind)).toBe(true);
      expect(session.simulation!.now).toBe(marker.t);
    }
    // The moment reached is the run's own: sought to from the start, the same counts.
    const sought = sessionHarness();
    sought.session.handle({ type: 'load', scenario });
    sought.session.handle({ type: 'seek', t: expected[2]!.t });
    expect(last('seeked')!.stats).toEqual(sought.last('seeked')!.stats);
  });

  it('comes with the picture of that moment: its packets and the decisions of its last moments', () => {
    const { session, last } = sessionHarness();
    session.handle({ type: 'load', scenario: crashAt2s() });
    session.handle({ type: 'nextEvent' });
    session.handle({ type: 'nextEvent' });
    const picture = last('seeked')!;
    expect(picture.decisions.length).toBeGreaterThan(0);
    expect(picture.decisions.every((d) => d.t <= picture.now && d.t >= picture.now - 300)).toBe(true);
    expect(decodeHops(picture.hops).some((h) => h.t1 >= picture.now)).toBe(true);
    // The caption narrates the convergence the marker is about.
    expect(captionPick(picture.decisions)?.action).toBe('converge');
  });

  it('after a crash by hand, goes on to the convergence it starts', () => {
    const { session, last } = sessionHarness();
    session.handle({ type: 'load', scenario: defaultScenario() });
    session.handle({ type: 'seek', t: 1_000 });
    session.handle({
      type: 'change',
      source: 'user',
      changes: [{ type: 'hostAction', cluster: 'A', hostIndex: 1, action: 'crash' }],
    });
    session.handle({ type: 'nextEvent' });
    const stop = last('nextEvent')!;
    expect(stop.marker?.kind).toBe('convergence');
    expect(stop.now).toBe(stop.marker!.t);
    expect(stop.now).toBeGreaterThan(1_000);
  });

  it('applies a logged change on the way at its moment: the change is the next event', () => {
    const { session, last } = sessionHarness();
    session.handle({ type: 'load', scenario: defaultScenario() });
    session.handle({ type: 'seek', t: 3_000 });
    session.handle({
      type: 'change',
      source: 'user',
      changes: [{ type: 'hostAction', cluster: 'A', hostIndex: 0, action: 'crash' }],
    });
    // Back before it: the crash is logged at 3 s, ahead of the moment on screen.
    session.handle({ type: 'seek', t: 500 });
    session.handle({ type: 'nextEvent' });
    const stop = last('nextEvent')!;
    expect(stop.marker).toMatchObject({ t: 3_000, kind: 'fault', source: 'user' });
    expect(stop.now).toBe(3_000);
    expect(last('seeked')!.stats.hosts[0]!.crashed).toBe(true);
  });

  it('gives up 10 simulated minutes ahead when nothing is marked, and says so', () => {
    const { session, last } = sessionHarness();
    const quiet = defaultScenario();
    quiet.client.connectionsPerSecond = 0;
    session.handle({ type: 'load', scenario: quiet });
    session.handle({ type: 'seek', t: 1_000 });
    session.handle({ type: 'nextEvent' });
    const stop = last('nextEvent')!;
    expect(stop).toMatchObject({ marker: null, cancelled: false, from: 1_000, limitMs: NEXT_EVENT_LIMIT_MS });
    expect(stop.now).toBe(1_000 + NEXT_EVENT_LIMIT_MS);
    const picture = last('seeked')!;
    // The stretch is on the timeline as if played, with nothing marked on it.
    expect(picture.endTime).toBe(stop.now);
    expect(picture.markers).toEqual([]);
  });

  it('is long work like a fast-forward: progress, then Cancel stops it where it got to', () => {
    const { session, updates, advanceWall, last } = sessionHarness({ wallMsPerRead: 5 });
    const quiet = defaultScenario();
    session.handle({ type: 'load', scenario: quiet });
    session.handle({ type: 'nextEvent' });
    expect(session.working).toBe(true);
    expect(last('progress')!.progress).toMatchObject({
      kind: 'nextEvent',
      from: 0,
      total: NEXT_EVENT_LIMIT_MS,
    });
    advanceWall(300);
    session.handle({ type: 'ping', id: 1 });
    expect(updates.at(-1)).toEqual({ type: 'pong', id: 1 });
    session.handle({ type: 'cancel' });
    expect(session.working).toBe(false);
    const stop = last('nextEvent')!;
    expect(stop).toMatchObject({ marker: null, cancelled: true });
    expect(stop.now).toBeGreaterThan(0);
    expect(stop.now).toBeLessThan(NEXT_EVENT_LIMIT_MS);
    expect(last('workEnded')).toMatchObject({ kind: 'nextEvent', cancelled: true, now: stop.now });
    expect(last('seeked')!.now).toBe(stop.now);
  });
});
