// Seeks restored from checkpoints (issue 15): a seek to any moment gives exactly what a replay from
// 0 s gives (the same decisions and hops on screen, the same counts, the same capture bytes), the
// capture holds each frame once after any number of seeks, and checkpoints the log no longer agrees
// with are never used.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { presetScenario } from '../scenario/presets';
import type { Change } from '../scenario/changes';
import type { Scenario } from '../scenario/types';
import type { WorkerUpdate } from './protocol';
import { sessionHarness } from './sessionHarness';
import { MAX_CHECKPOINTS } from './seekCheckpoints';
import { SEEK_DETAIL_WINDOW_MS } from './session';
import { decodeHops } from './hopBatch';

type Harness = ReturnType<typeof sessionHarness>;

function latest<T extends WorkerUpdate['type']>(h: Harness, type: T): Extract<WorkerUpdate, { type: T }> {
  const u = h.last(type);
  if (!u) throw new Error(`no ${type} update`);
  return u;
}

function change(h: Harness, ...changes: Change[]): void {
  h.session.handle({ type: 'change', source: 'user', changes });
}

/** What a seek to `t` shows and what the switch's capture holds then. */
function seekTo(h: Harness, t: number): { picture: string; pcap: string; records: number } {
  h.session.handle({ type: 'seek', t });
  const seeked = latest(h, 'seeked');
  expect(seeked.now).toBe(t);
  h.session.handle({ type: 'capture', pointId: 'switch' });
  const capture = latest(h, 'capture');
  const bytes = new Uint8Array(capture.bytes);
  return {
    picture: JSON.stringify([seeked.now, decodeHops(seeked.hops), seeked.decisions, seeked.stats]),
    pcap: `${bytes.length} ${createHash('sha256').update(bytes).digest('hex')}`,
    records: capture.frames,
  };
}

/** Events between two checkpoints here: a short run gets many of them. */
const SPACING = 2_000;

/** The same moment in a fresh session that loads the run (start and log) and replays it from 0 s. */
function replayedFromZero(start: Scenario, log: unknown, t: number) {
  const fresh = sessionHarness();
  fresh.session.handle({ type: 'load', scenario: { ...start, log } as Scenario });
  const shown = seekTo(fresh, t);
  expect(fresh.session.seekFacts.lastReplayFrom).toBe(0);
  return shown;
}

/** A run of 2 simulated minutes with a crash, a weight, a batch of connections and a restart on its log. */
function busyRun(): Harness {
  const h = sessionHarness({ checkpointSpacingEvents: SPACING });
  const scenario = presetScenario('kb-outside')!;
  scenario.client.connectionsPerSecond = 20;
  h.session.handle({ type: 'load', scenario });
  h.session.handle({ type: 'seek', t: 20_000 });
  change(h, { type: 'hostAction', cluster: 'A', hostIndex: 1, action: 'crash' });
  h.session.handle({ type: 'seek', t: 45_000 });
  change(h, { type: 'loadWeight', cluster: 'A', hostIndex: 0, weight: 20 });
  h.session.handle({ type: 'seek', t: 70_000 });
  change(h, { type: 'runConnections', count: 300 });
  h.session.handle({ type: 'seek', t: 100_000 });
  change(h, { type: 'hostAction', cluster: 'A', hostIndex: 1, action: 'restart' });
  h.session.handle({ type: 'seek', t: 120_000 });
  return h;
}

describe('seeks restored from checkpoints', () => {
  it('show exactly what a replay from 0 s shows, anywhere, backwards and forwards, with each frame captured once', () => {
    const h = busyRun();
    const { checkpoints } = h.session.seekFacts;
    expect(checkpoints).toBeGreaterThan(5);
    const { start, log } = latest(h, 'runLog');
    expect(log).toHaveLength(4);
    // Backwards, forwards, onto a logged change's moment, just after the batch, and again.
    for (const t of [110_000, 70_000, 20_001, 99_999.5, 118_000, 45_000, 70_300, 110_000]) {
      const shown = seekTo(h, t);
      const from = h.session.seekFacts.lastReplayFrom!;
      // It replayed only from a checkpoint before the moment's last stretch, not from 0 s.
      expect(from).toBeGreaterThan(0);
      expect(from).toBeLessThan(t - SEEK_DETAIL_WINDOW_MS);
      expect(shown).toEqual(replayedFromZero(start, log, t));
    }
  }, 120_000);

  it('a change after seeking back replaces the future: checkpoints beyond it are not used', () => {
    const h = busyRun();
    seekTo(h, 30_000);
    change(h, { type: 'hostAction', cluster: 'A', hostIndex: 2, action: 'crash' });
    const { start, log } = latest(h, 'runLog');
    expect(log.map((e) => e.t)).toEqual([20_000, 30_000]);
    const shown = seekTo(h, 90_000);
    // The old run's checkpoints past 30 s (before the new crash) must not be restored.
    expect(h.session.seekFacts.lastReplayFrom).toBeLessThanOrEqual(30_000);
    expect(shown).toEqual(replayedFromZero(start, log, 90_000));
    // And once the new future is played, seeks use checkpoints of it.
    const again = seekTo(h, 60_000);
    expect(h.session.seekFacts.lastReplayFrom).toBeGreaterThan(30_000);
    expect(again).toEqual(replayedFromZero(start, log, 60_000));
  }, 120_000);

  it('keeps at most MAX_CHECKPOINTS however long the run, spacing them further apart', () => {
    const h = sessionHarness({ checkpointSpacingEvents: 50 });
    const scenario = presetScenario('kb-outside')!;
    scenario.client.connectionsPerSecond = 20;
    h.session.handle({ type: 'load', scenario });
    h.session.handle({ type: 'seek', t: 120_000 });
    const events = h.session.simulation!.world.eventsProcessed;
    expect(events).toBeGreaterThan(50 * MAX_CHECKPOINTS * 2);
    const { checkpoints } = h.session.seekFacts;
    expect(checkpoints).toBeLessThanOrEqual(MAX_CHECKPOINTS);
    expect(checkpoints).toBeGreaterThan(MAX_CHECKPOINTS / 4);
    // A seek near the end still starts from a checkpoint close to it.
    seekTo(h, 118_000);
    expect(h.session.seekFacts.lastReplayFrom).toBeGreaterThan(110_000);
  }, 120_000);
});
