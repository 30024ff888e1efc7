// Lab 2's packets stay out of the page's packet feed (Lab 1's canvas reads that one).
import { describe, expect, it } from 'vitest';
import type { Hop } from '../../sim/types';
import { packetFeed } from '../packetFeed';
import { createPacketFeed, withFeed } from './feedScope';

const hop = (frameId: number): Hop => ({
  frameId,
  from: 'C1',
  to: 'R',
  t0: 10,
  t1: 11,
  kind: 'syn',
  loopback: false,
  connId: 1,
});

describe('withFeed', () => {
  it('sends what an action does to the page’s feed to another feed, then puts the page’s back', () => {
    packetFeed.reset(0);
    const feed = createPacketFeed();
    expect(feed).not.toBe(packetFeed);
    withFeed(feed, () => {
      packetFeed.ingest(10.5, true, [hop(7)], []);
      packetFeed.setSpeed(5);
    });
    expect(feed.hops.map((h) => h.frameId)).toEqual([7]);
    expect(feed.getSpeed()).toBe(5);
    expect(packetFeed.hops).toEqual([]);
    expect(packetFeed.getSpeed()).not.toBe(5);
    // The page's feed is itself again.
    expect(Object.getOwnPropertyNames(packetFeed).includes('ingest')).toBe(false);
    packetFeed.ingest(10.5, false, [hop(8)], []);
    expect(packetFeed.hops.map((h) => h.frameId)).toEqual([8]);
    expect(feed.hops.map((h) => h.frameId)).toEqual([7]);
  });

  it('puts the page’s feed back even when the action throws', () => {
    const feed = createPacketFeed();
    expect(() =>
      withFeed(feed, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(Object.getOwnPropertyNames(packetFeed).includes('reset')).toBe(false);
  });
});
