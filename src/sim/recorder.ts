// Collects what the engine did: packet hops for the drawing and decisions with their reasons.
// In bulk runs ("counters" detail) nothing is kept but counts, so a 100,000-connection run stays cheap.
import type { Frame } from './packets';
import type { Decision, DecisionAction, Hop, NodeId, PacketKind } from './types';

export type Detail = 'full' | 'counters';

export class Recorder {
  detail: Detail = 'full';
  private hops: Hop[] = [];
  private decisions: Decision[] = [];
  private decisionSeq = 0;

  /** Decisions made so far at any detail (the Step button runs until this grows). */
  get decisionsMade(): number {
    return this.decisionSeq;
  }
  /** How many decisions of each action were made, at any detail (a plain object: counted on a hot path). */
  private readonly counts: Partial<Record<DecisionAction, number>> = {};
  /** Cap on decisions buffered between two takes, so a slow reader cannot grow memory unbounded. */
  maxBuffered = 50_000;
  /** Frames seen at full detail, by id, for the inspector (oldest evicted past `maxFrames`). */
  readonly frames = new Map<number, Frame>();
  maxFrames = 100_000;

  get full(): boolean {
    return this.detail === 'full';
  }

  /** Keep a frame for inspection (full detail only). */
  frame(frame: Frame): void {
    if (this.detail !== 'full' || this.frames.has(frame.id)) return;
    this.frames.set(frame.id, frame);
    if (this.frames.size > this.maxFrames) this.frames.delete(this.frames.keys().next().value!);
  }

  hop(
    frameId: number,
    from: NodeId,
    to: NodeId,
    t0: number,
    t1: number,
    kind: PacketKind,
    loopback: boolean,
    connId: number,
  ): void {
    if (this.detail !== 'full') return;
    this.hops.push({ frameId, from, to, t0, t1, kind, loopback, connId });
  }

  /** Counts the decision always; keeps its text only at full detail (callers guard string building with `full`). */
  decide(
    t: number,
    node: NodeId,
    action: DecisionAction,
    frameId: number,
    connId: number,
    text: string,
  ): void {
    this.counts[action] = (this.counts[action] ?? 0) + 1;
    this.decisionSeq++;
    if (this.detail !== 'full') return;
    if (this.decisions.length >= this.maxBuffered) this.decisions.shift();
    this.decisions.push({ seq: this.decisionSeq, t, node, action, frameId, connId, text });
  }

  count(action: DecisionAction): void {
    this.counts[action] = (this.counts[action] ?? 0) + 1;
    this.decisionSeq++;
  }

  /** How many decisions of this kind were made so far, at any detail. */
  countOf(action: DecisionAction): number {
    return this.counts[action] ?? 0;
  }

  take(): { hops: Hop[]; decisions: Decision[] } {
    const out = { hops: this.hops, decisions: this.decisions };
    this.hops = [];
    this.decisions = [];
    return out;
  }
}
