// One frame's picture as data: each hop placed where placement says, its stamp at the device pixel of
// the view, the selected frame ringed, drops marked; picking finds the packet drawn nearest a point.
import { describe, expect, it } from 'vitest';
import { PacketFeed } from '../state/packetFeed';
import type { Decision, Hop } from '../sim/types';
import { encodeHops } from '../worker/hopBatch';
import { computeLayout } from './layout';
import { placeHop, RouteTable, type Placement } from './packetPlacement';
import { PacketScene, type SceneFrame } from './packetScene';
import { spriteCode } from './packetSprites';
import { synFromSwitch, testTopology } from './testTopology';

const layout = computeLayout(testTopology(4), 856, 340);

const hop = synFromSwitch;

/** A paused feed at simulated ms 105 with three hops under way from the switch. */
function pausedFeed(): PacketFeed {
  const feed = new PacketFeed();
  feed.reset(100);
  const drop = { action: 'drop', node: 'h3', t: 104, code: 'nlb-not-mine' } as unknown as Decision;
  feed.ingest(
    105,
    false,
    encodeHops([hop(1, 'h0', 100, 110), hop(2, 'h1', 101, 109), hop(3, 'h2', 104, 120)]),
    [drop],
  );
  return feed;
}

const frame = (partial: Partial<SceneFrame>): SceneFrame => ({
  view: { k: 1, x: 0, y: 0 },
  dpr: 1,
  reduceMotion: false,
  selected: null,
  stamps: new Int32Array(64),
  ...partial,
});

const placed = (h: Hop): Placement => {
  const at: Placement = { x: 0, y: 0, alpha: 0 };
  expect(placeHop(new RouteTable(layout), h, 105, 0, false, at)).toBe(true);
  return at;
};

describe('a packet scene', () => {
  it('stamps every hop at its placement, in device px of the view', () => {
    const feed = pausedFeed();
    const scene = new PacketScene(feed);
    expect(scene.compose(frame({}), false)).toBeNull();
    scene.setLayout(layout);
    const view = { k: 2, x: 10, y: -5 };
    const f = frame({ view, dpr: 1.5 });
    const composed = scene.compose(f, false)!;
    expect(composed.stampCount).toBe(3);
    expect(composed.overlays.scale).toBe(3);
    feed.hops.toArray().forEach((h, i) => {
      const at = placed(h);
      expect([...f.stamps!.subarray(i * 3, i * 3 + 3)]).toEqual([
        spriteCode('syn', at.alpha),
        Math.round(1.5 * (at.x * 2 + 10)),
        Math.round(1.5 * (at.y * 2 - 5)),
      ]);
    });
    // One drop mark, at the host that dropped.
    expect(composed.overlays.marks.filter((m) => m.kind === 'drop')).toHaveLength(1);
    expect(scene.snapshot().drops.map((d) => d.node)).toEqual(['h3']);
  });

  it('rings every copy of the selected frame, and only it', () => {
    const scene = new PacketScene(pausedFeed());
    scene.setLayout(layout);
    const rings = scene
      .compose(frame({ selected: 2 }), false)!
      .overlays.marks.filter((m) => m.kind === 'ring');
    const at = placed(hop(2, 'h1', 101, 109));
    expect(rings).toEqual([{ kind: 'ring', x: Math.round(at.x), y: Math.round(at.y) }]);
  });

  it('picks the packet drawn nearest a point, within the radius; placing only writes no stamp', () => {
    const feed = pausedFeed();
    const scene = new PacketScene(feed);
    scene.setLayout(layout);
    const composed = scene.compose(frame({ stamps: null }), false)!;
    expect(composed.stampCount).toBe(0);
    const at = placed(hop(3, 'h2', 104, 120));
    expect(scene.hitTest(at.x + 2, at.y - 1, 6)?.frameId).toBe(3);
    expect(scene.hitTest(at.x + 40, at.y + 40, 6)).toBeNull();
    expect(
      scene
        .snapshot()
        .packets.map((p) => p.hop.frameId)
        .sort(),
    ).toEqual([1, 2, 3]);
    // The feed moved its hops since (a new run): the old frame names no packet.
    feed.reset(0);
    expect(scene.hitTest(at.x, at.y, 6)).toBeNull();
  });
});
