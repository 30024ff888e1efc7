// The typed, versioned message protocol between the page and the simulation worker.
// Commands flow page -> worker; updates flow worker -> page, batched at most once per animation frame.
import type { ClusterId, HostAction, Scenario } from '../scenario/types';
import type { Decision, Hop, Stats, Topology } from '../sim/types';

export const PROTOCOL_VERSION = 1;

/**
 * Speed 1x plays simulated time at this many simulated ms per wall ms (1/100 of real time), so a
 * 1 ms link hop takes 100 ms on screen. 100x is real time.
 */
export const SIM_MS_PER_WALL_MS_AT_1X = 0.01;

export type WorkerCommand =
  | { type: 'load'; scenario: Scenario }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'setSpeed'; speed: number }
  | { type: 'reset' }
  | { type: 'runConnections'; count: number }
  | { type: 'hostAction'; cluster: ClusterId; hostIndex: number; action: HostAction }
  /** Ask for a pcap of what a capture point (an id from `loaded.capturePoints`) saw so far. */
  | { type: 'capture'; pointId: string };

export interface CapturePointInfo {
  id: string;
  /** e.g. `Whole switch (every port)`, `Switch port 3 (Host 2)`, `Host 2 NIC`, `Host 2 loopback`. */
  label: string;
}

export type WorkerUpdate =
  | { type: 'loaded'; version: number; topology: Topology; stats: Stats; capturePoints: CapturePointInfo[] }
  | {
      type: 'capture';
      pointId: string;
      /** Suggested file name, e.g. `vip-lab-host-2-nic.pcap`. */
      fileName: string;
      /** A classic libpcap file (transferred, not copied). */
      bytes: ArrayBuffer;
      frames: number;
      /** True when the run outgrew the capture buffer and later frames are missing. */
      truncated: boolean;
    }
  | {
      type: 'tick';
      /** Simulated ms at the end of this batch. */
      now: number;
      running: boolean;
      /** Hops that started since the previous batch. */
      hops: Hop[];
      /** Decisions made since the previous batch (most recent last; may be capped). */
      decisions: Decision[];
      stats: Stats;
      /** Set when a bulk run finished: how many connections it opened. */
      bulkRunCompleted?: number;
    }
  | { type: 'error'; message: string };
