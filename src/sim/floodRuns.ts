// Where, in one flood's list of far ends, the runs of a cluster's hosts lie that would each only drop
// a frame the cluster has filtered (a bulk run's short path, ClusterHost.receiveFlooded): worked out
// once per list and state of the hosts, not host by host for every frame flooded to them.
import type { Attachment } from './world';

/** Not in the list, or not a host that drops as the others do (see `rebuild`). */
const ABSENT = -1;

export class FloodRuns {
  /** The list of far ends the runs were worked out for (World shares one between floods). */
  private list: readonly Attachment[] | null = null;
  /** The hosts' states they were worked out at (NlbCluster.memberStates). */
  private states = -1;
  /** For each far end, the index of the first far end at or after it that is not such a host. */
  private runEnd = new Int32Array(0);
  /** Where each such host is in the list, by host index (ABSENT: it is not). */
  private place: number[] = [];

  /** Whether the runs are those of `list` with the hosts in their states `states`. */
  fits(list: readonly Attachment[], states: number): boolean {
    return list === this.list && states === this.states;
  }

  /**
   * Works the runs out for `list`: `hostIndexOf` gives a far end's host index when it is a host that
   * would drop the cluster's filtered frames unless it is their taker, else a negative number.
   */
  rebuild(list: readonly Attachment[], states: number, hostIndexOf: (end: Attachment) => number): void {
    this.list = list;
    this.states = states;
    this.runEnd = new Int32Array(list.length + 1);
    this.place = [];
    this.runEnd[list.length] = list.length;
    for (let i = list.length - 1; i >= 0; i--) {
      const host = hostIndexOf(list[i]!);
      if (host < 0) {
        this.runEnd[i] = i;
        continue;
      }
      this.runEnd[i] = this.runEnd[i + 1]!;
      while (this.place.length <= host) this.place.push(ABSENT);
      this.place[host] = i;
    }
  }

  /**
   * The index after the run of such hosts that starts at `from` (`from` itself when none starts
   * there), ending before the frame's taker (a host index; negative: none) should it be in the run.
   */
  endOfRun(from: number, taker: number): number {
    const end = this.runEnd[from]!;
    const takerAt = taker >= 0 && taker < this.place.length ? this.place[taker]! : ABSENT;
    return takerAt >= from && takerAt < end ? takerAt : end;
  }
}
