// The host operations a trainer applies to a cluster host (Crash, Drainstop, Stop NLB, ...), in one
// list in button order: each one's id, button name (CONTRACT.md), one-line hint and tone. Pure data.

export interface HostOperation {
  /** The id a scenario, a link and the engine use (`crash`, `stopNlb`, ...). */
  readonly id: string;
  /** The button's name, also the run log's and the timeline's word for it. */
  readonly label: string;
  /** What it does, in one line (the host panel shows it for the button pointed at). */
  readonly hint: string;
  /** It takes the host off the network (shown as a warning). */
  readonly danger?: boolean;
}

/** Every host operation, in the order its buttons appear (fixed, so they never jump about). */
export const HOST_OPERATIONS = [
  {
    id: 'crash',
    label: 'Crash',
    hint: 'Stops the host at once: no heartbeats, its open connections are lost.',
    danger: true,
  },
  {
    id: 'restart',
    label: 'Restart',
    hint: 'Boots the host again; NLB starts and the cluster converges with it.',
  },
  {
    id: 'drainstop',
    label: 'Drainstop',
    hint: 'Takes no new connections, finishes the open ones, then leaves the cluster.',
  },
  {
    id: 'stopNlb',
    label: 'Stop NLB',
    hint: 'wlbs stop: leaves the cluster at once, dropping its connections.',
  },
  { id: 'startNlb', label: 'Start NLB', hint: 'wlbs start: joins the cluster again (convergence).' },
  {
    id: 'stopServer',
    label: 'Stop server',
    hint: 'Stops the server application; NLB still accepts its share of connections.',
  },
  { id: 'startServer', label: 'Start server', hint: 'Starts the server application again.' },
  {
    id: 'unplug',
    label: 'Unplug cable',
    hint: 'Pulls the network cable: nothing in or out; the others notice missed heartbeats.',
    danger: true,
  },
  { id: 'plug', label: 'Plug in cable', hint: 'Plugs the cable back in.' },
] as const satisfies readonly HostOperation[];

/** Operations and faults that can be applied to a host, at once or from the timeline. */
export type HostAction = (typeof HOST_OPERATIONS)[number]['id'];

/** Every operation's id, in button order (the schema's picklist, the engine's order of offers). */
export const HOST_ACTIONS: readonly HostAction[] = HOST_OPERATIONS.map((op) => op.id);

const BY_ID = new Map<HostAction, HostOperation>(HOST_OPERATIONS.map((op) => [op.id, op]));

/** The operation with this id. */
export function hostOperation(id: HostAction): HostOperation {
  return BY_ID.get(id)!;
}
