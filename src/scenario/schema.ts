// The scenario schema, written with valibot: each field's type, range and length, and a message
// that names the field. Cross-field rules are in validate.ts; locations of issues in messages.ts.
import * as v from 'valibot';
import { HOST_ACTIONS } from './hostOperations';
import { BALANCER_KINDS } from './balancerNames';
import type { Scenario } from './types';

/** Inclusive [min, max] of every bounded number and list length in a scenario. */
export const LIMITS = {
  clusters: [1, 2],
  hosts: [1, 32],
  priority: [1, 32],
  handlingPriority: [1, 32],
  /** Heartbeats carry 64-bit bucket maps, so at most 64 buckets. */
  bucketCount: [1, 64],
  aliveMsgPeriodMs: [100, 10_000],
  aliveMsgTolerance: [5, 100],
  loadWeight: [0, 100],
  portRules: [0, 32],
  rulePort: [0, 65_535],
  clientPort: [1, 65_535],
  connectionsPerSecond: [0, 1000],
  sourceAddresses: [1, 65_000],
  /** UDP query data bytes: what one UDP datagram can carry (65,535 - 20 IPv4 - 8 UDP). */
  datagramBytes: [1, 65_507],
  initialRtoMs: [100, 60_000],
  maxSynRetransmissions: [0, 10],
  linkLatencyMs: [0, 1000],
  loopbackLatencyMs: [0, 1000],
  serverThinkMs: [0, 60_000],
  timeline: [0, 100],
  /** Changes a run log holds (a link must stay a link). */
  log: [0, 500],
  /** A batch in a run log (the Run button opens up to 100,000). */
  logRunConnections: [1, 100_000],
  /** One simulated day. */
  atMs: [0, 86_400_000],
  seed: [0, 0xffff_ffff],
  speed: [0.05, 100],
  timeMs: [0, 86_400_000],
  lessonStepIndex: [0, 99],
  steps: [1, 50],
  actions: [0, 20],
  choices: [2, 6],
  runConnections: [1, 10_000],
  playMs: [1, 600_000],
  bucket: [0, 63],
  connId: [1, 1_000_000],
} as const satisfies Record<string, readonly [number, number]>;

/** Most characters each piece of text may have (text is always shown as text, never as HTML). */
export const TEXT_LIMITS = {
  title: 120,
  lessonTitle: 120,
  narration: 2000,
  prompt: 500,
  choice: 200,
  explanation: 2000,
  id: 64,
} as const;

/** What each key of a scenario is called in a message. */
export const LABELS: Record<string, string> = {
  version: 'version',
  title: 'title',
  seed: 'seed',
  clusters: 'clusters',
  client: 'client settings',
  tcp: 'TCP settings',
  network: 'network settings',
  timeline: 'timeline',
  log: 'run log',
  source: 'source of a change',
  change: 'change',
  weight: 'load weight',
  count: 'connections',
  rules: 'port rules',
  view: 'view settings',
  lesson: 'lesson',
  id: 'id',
  vip: 'VIP',
  mode: 'cluster mode',
  maskSourceMac: 'mask source MAC',
  bucketCount: 'bucket count',
  aliveMsgPeriodMs: 'heartbeat period (AliveMsgPeriod, ms)',
  aliveMsgTolerance: 'missed-heartbeat tolerance (AliveMsgTolerance)',
  hosts: 'hosts',
  portRules: 'port rules',
  clusterIpAsSource: 'cluster IP as source',
  priority: 'host priority',
  dip: 'dedicated IP',
  loadWeight: 'load weight',
  handlingPriority: 'handling priority',
  serverRunning: 'server running',
  secondNic: 'second network adapter',
  unicastInterHost: 'unicast inter-host communication',
  balancer: 'load balancer',
  floatingIp: 'Floating IP',
  clientIpPreservation: 'client IP preservation',
  hairpinMode: 'hairpin mode',
  startPort: 'start port',
  endPort: 'end port',
  protocol: 'protocol',
  filtering: 'filtering mode',
  affinity: 'affinity',
  equalLoad: 'equal load',
  location: 'location',
  target: 'target',
  kind: 'kind',
  cluster: 'cluster',
  hostIndex: 'host index',
  port: 'port',
  connectionsPerSecond: 'connections per second',
  sourceAddresses: 'source addresses',
  datagramBytes: 'UDP query size (bytes)',
  initialRtoMs: 'initial SYN retransmission timeout (ms)',
  maxSynRetransmissions: 'SYN retransmissions',
  linkLatencyMs: 'link latency (ms)',
  loopbackLatencyMs: 'loopback latency (ms)',
  serverThinkMs: 'server think time (ms)',
  routerStaticArpForVip: 'router static ARP entry for the VIP',
  igmpSnooping: 'IGMP snooping',
  atMs: 'time (ms)',
  action: 'action',
  speed: 'speed',
  panels: 'panels',
  panel: 'panel',
  timeMs: 'time cursor (ms)',
  step: 'step',
  steps: 'steps',
  narration: 'narration',
  actions: 'actions',
  question: 'question',
  prompt: 'prompt',
  choices: 'choices',
  choice: 'choice',
  answerIndex: 'answer index',
  explanation: 'explanation',
  type: 'action type',
  presetId: 'preset id',
  connections: 'connections',
  ms: 'play time (ms)',
  bucket: 'bucket',
  connId: 'connection id',
};

const label = (key: string): string => LABELS[key] ?? key;

/**
 * Characters that reorder the text around them: the bidi embeddings, overrides and isolates (U+202A–
 * U+202E, U+2066–U+2069). One in a title could make the browser tab or a lesson read backwards or
 * hide what follows it ("Trojan Source"). The three bidi marks (U+200E, U+200F, U+061C) stay allowed:
 * right-to-left writers need them to place punctuation, and they cannot turn a run of text around.
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
/** Half of a surrogate pair with no other half: not a character at all, shown as a replacement box. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const codePoint = (c: string): string => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** A value as a message quotes it: short, one line, and unable to reorder the message around it. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && Number.isNaN(value)) return 'empty';
  let text: string;
  try {
    // JSON.stringify escapes control characters and lone surrogates (ES2019's well-formed stringify).
    text = typeof value === 'number' ? String(value) : JSON.stringify(value);
  } catch {
    // A BigInt, a cycle, or nesting deeper than the stack: say what kind of thing it is.
    text = Array.isArray(value) ? 'a list' : typeof value;
  }
  if (text === undefined) text = typeof value;
  text = text.replace(new RegExp(BIDI_CONTROL.source, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  // Cut by code points, so an emoji at the cut is never split into a lone surrogate.
  const chars = Array.from(text);
  return chars.length > 40 ? `${chars.slice(0, 37).join('')}…` : text;
}

/**
 * Why a piece of free text is refused, or null when it is fine: control characters (line breaks and
 * tabs are allowed when `multiline`), characters that reorder text, and broken characters. Every
 * free-text field of a scenario (titles, narration, questions, choices, explanations) goes through it,
 * so a link, a file and the lesson editor refuse the same text with the same sentence.
 */
export function textProblem(s: string, multiline: boolean): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x7f || (c < 0x20 && !(multiline && (c === 0x09 || c === 0x0a || c === 0x0d)))) {
      return 'contains control characters';
    }
  }
  const bidi = BIDI_CONTROL.exec(s);
  if (bidi) {
    return `contains an invisible character that reverses or reorders the text around it (${codePoint(bidi[0])}); remove it`;
  }
  const broken = LONE_SURROGATE.exec(s);
  if (broken) {
    return `contains a broken character (${codePoint(broken[0])}, half of a character such as an emoji); remove it`;
  }
  return null;
}

/** Dotted-quad IPv4: four numbers 0–255 without leading zeros. */
export const IPV4_PATTERN = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function range(key: string, [min, max]: readonly [number, number], integer: boolean) {
  const name = label(key);
  const out = (i: { input: unknown }) => `${name} ${show(i.input)} is out of range (${min}–${max})`;
  const num = v.number((i) =>
    typeof i.input === 'number'
      ? `${name} is not a number`
      : `${name} must be a number, not ${show(i.input)}`,
  );
  // Infinity (a JSON number like 1e999 reads as it) is out of range, said as plainly as 140 would be.
  const finite = v.finite(out);
  return integer
    ? v.pipe(
        num,
        finite,
        v.integer((i) => `${name} must be a whole number, not ${show(i.input)}`),
        v.minValue(min, out),
        v.maxValue(max, out),
      )
    : v.pipe(num, finite, v.minValue(min, out), v.maxValue(max, out));
}

const int = (key: string, limits: readonly [number, number]) => range(key, limits, true);
const real = (key: string, limits: readonly [number, number]) => range(key, limits, false);

const bool = (key: string) => v.boolean((i) => `${label(key)} must be true or false, not ${show(i.input)}`);

function pick<const T extends readonly string[]>(key: string, options: T) {
  const list = options.map((o) => `"${o}"`).join(', ');
  return v.picklist(options, (i) => `${label(key)} must be one of ${list}, not ${show(i.input)}`);
}

/** Plain text with a length limit, refused when textProblem finds something wrong in it. */
function text(key: string, max: number, opts: { min?: number; multiline?: boolean } = {}) {
  const name = label(key);
  const min = opts.min ?? 1;
  const multiline = opts.multiline ?? false;
  return v.pipe(
    v.string((i) => `${name} must be text, not ${show(i.input)}`),
    v.minLength(min, () => `${name} is empty`),
    v.maxLength(max, (i) => `${name} is too long (${(i.input as string).length} characters; at most ${max})`),
    v.check(
      (s) => textProblem(s, multiline) === null,
      (i) => `${name} ${textProblem(i.input as string, multiline)}`,
    ),
  );
}

function ip(key: string) {
  const name = label(key);
  return v.pipe(
    v.string((i) => `${name} must be an IPv4 address in quotes, not ${show(i.input)}`),
    v.regex(
      IPV4_PATTERN,
      (i) => `${name} ${show(i.input)} is not a valid IPv4 address (four numbers 0–255, like 10.0.0.11)`,
    ),
  );
}

function list<T extends v.GenericSchema>(key: string, item: T, [min, max]: readonly [number, number]) {
  const name = label(key);
  const notList = (i: { input: unknown }) => `${name} must be a list, not ${show(i.input)}`;
  // The length first, so that 40 hosts give one sentence about the count, not one per extra host.
  return v.pipe(
    v.array(v.unknown(), notList),
    v.minLength(min, (i) => `too few ${name} (${(i.input as unknown[]).length}; at least ${min})`),
    v.maxLength(max, (i) => `too many ${name} (${(i.input as unknown[]).length}; at most ${max})`),
    v.array(item, notList),
  );
}

// Structural issues (a missing or unknown key, a wrong container type) get their sentence from
// messages.ts, which knows the key and the path.
const obj = <E extends v.ObjectEntries>(entries: E) => v.strictObject(entries);

export const CLUSTER_IDS = ['A', 'B'] as const;
export const CLUSTER_MODES = ['unicast', 'multicast', 'igmp'] as const;
export const AFFINITIES = ['none', 'single', 'network'] as const;
export const PROTOCOLS = ['tcp', 'udp', 'both'] as const;
export const FILTERING_MODES = ['multiple', 'single', 'disabled'] as const;
export const PANEL_IDS = ['topology', 'outcome', 'log', 'inspector', 'buckets', 'charts', 'lesson'] as const;

const clusterId = pick('cluster', CLUSTER_IDS);
const hostIndex = int('hostIndex', [0, LIMITS.hosts[1] - 1]);

export const portRuleSchema = obj({
  vip: v.pipe(
    v.string((i) => `VIP must be "all" or an IPv4 address, not ${show(i.input)}`),
    v.check(
      (s) => s === 'all' || IPV4_PATTERN.test(s),
      (i) => `VIP ${show(i.input)} is neither "all" nor a valid IPv4 address`,
    ),
  ),
  startPort: int('startPort', LIMITS.rulePort),
  endPort: int('endPort', LIMITS.rulePort),
  protocol: pick('protocol', PROTOCOLS),
  filtering: pick('filtering', FILTERING_MODES),
  affinity: pick('affinity', AFFINITIES),
  equalLoad: bool('equalLoad'),
});

export const hostSchema = obj({
  priority: int('priority', LIMITS.priority),
  dip: ip('dip'),
  loadWeight: int('loadWeight', LIMITS.loadWeight),
  handlingPriority: int('handlingPriority', LIMITS.handlingPriority),
  serverRunning: bool('serverRunning'),
  portRules: v.optional(list('portRules', portRuleSchema, LIMITS.portRules)),
  secondNic: v.optional(bool('secondNic')),
});

export const clusterSchema = obj({
  id: clusterId,
  vip: ip('vip'),
  mode: pick('mode', CLUSTER_MODES),
  maskSourceMac: bool('maskSourceMac'),
  bucketCount: int('bucketCount', LIMITS.bucketCount),
  aliveMsgPeriodMs: int('aliveMsgPeriodMs', LIMITS.aliveMsgPeriodMs),
  aliveMsgTolerance: int('aliveMsgTolerance', LIMITS.aliveMsgTolerance),
  hosts: list('hosts', hostSchema, LIMITS.hosts),
  portRules: list('portRules', portRuleSchema, LIMITS.portRules),
  clusterIpAsSource: bool('clusterIpAsSource'),
  unicastInterHost: v.optional(bool('unicastInterHost')),
  balancer: v.optional(
    obj({
      kind: pick('kind', BALANCER_KINDS),
      floatingIp: v.optional(bool('floatingIp')),
      clientIpPreservation: v.optional(bool('clientIpPreservation')),
      hairpinMode: v.optional(bool('hairpinMode')),
    }),
  ),
});

export const locationSchema = v.variant('kind', [
  obj({ kind: v.literal('outside') }),
  obj({ kind: v.literal('host'), cluster: clusterId, hostIndex }),
]);

export const targetSchema = v.variant('kind', [
  obj({ kind: v.literal('vip'), cluster: clusterId }),
  obj({ kind: v.literal('dip'), cluster: clusterId, hostIndex }),
  obj({ kind: v.literal('outside') }),
]);

const clientSchema = obj({
  location: locationSchema,
  target: targetSchema,
  port: int('port', LIMITS.clientPort),
  connectionsPerSecond: real('connectionsPerSecond', LIMITS.connectionsPerSecond),
  sourceAddresses: int('sourceAddresses', LIMITS.sourceAddresses),
  protocol: v.optional(pick('protocol', ['tcp', 'udp'])),
  datagramBytes: v.optional(int('datagramBytes', LIMITS.datagramBytes)),
});

const tcpSchema = obj({
  initialRtoMs: int('initialRtoMs', LIMITS.initialRtoMs),
  maxSynRetransmissions: int('maxSynRetransmissions', LIMITS.maxSynRetransmissions),
});

const networkSchema = obj({
  linkLatencyMs: real('linkLatencyMs', LIMITS.linkLatencyMs),
  loopbackLatencyMs: real('loopbackLatencyMs', LIMITS.loopbackLatencyMs),
  serverThinkMs: real('serverThinkMs', LIMITS.serverThinkMs),
  routerStaticArpForVip: bool('routerStaticArpForVip'),
  igmpSnooping: v.optional(bool('igmpSnooping')),
});

const timelineEntrySchema = obj({
  atMs: real('atMs', LIMITS.atMs),
  action: pick('action', HOST_ACTIONS),
  cluster: clusterId,
  hostIndex,
});

const liveChangeSchema = v.variant('type', [
  obj({ type: v.literal('hostAction'), cluster: clusterId, hostIndex, action: pick('action', HOST_ACTIONS) }),
  obj({
    type: v.literal('loadWeight'),
    cluster: clusterId,
    hostIndex,
    weight: int('weight', LIMITS.loadWeight),
  }),
  obj({
    type: v.literal('hostPriority'),
    cluster: clusterId,
    hostIndex,
    priority: int('priority', LIMITS.priority),
  }),
  obj({
    type: v.literal('handlingPriority'),
    cluster: clusterId,
    hostIndex,
    priority: int('priority', LIMITS.handlingPriority),
  }),
  obj({
    type: v.literal('portRules'),
    cluster: clusterId,
    rules: list('rules', portRuleSchema, LIMITS.portRules),
  }),
  obj({
    type: v.literal('hostPortRules'),
    cluster: clusterId,
    hostIndex,
    rules: v.nullable(list('rules', portRuleSchema, LIMITS.portRules)),
  }),
  obj({ type: v.literal('affinity'), affinity: pick('affinity', AFFINITIES) }),
  obj({ type: v.literal('clientLocation'), location: locationSchema }),
  obj({ type: v.literal('clientTarget'), target: targetSchema }),
  obj({
    type: v.literal('clientRate'),
    connectionsPerSecond: real('connectionsPerSecond', LIMITS.connectionsPerSecond),
  }),
  obj({ type: v.literal('runConnections'), count: int('count', LIMITS.logRunConnections) }),
  obj({ type: v.literal('ping'), cluster: clusterId, hostIndex, target: ip('target') }),
]);

const logEntrySchema = obj({
  t: real('t', LIMITS.atMs),
  source: pick('source', ['user', 'lesson', 'scenario'] as const),
  change: liveChangeSchema,
});

const runLogSchema = v.pipe(
  list('log', logEntrySchema, LIMITS.log),
  v.check((log) => log.every((e, i) => i === 0 || log[i - 1]!.t <= e.t), 'the run log is not in time order'),
);

/** Lesson ids and preset ids: lower-case words joined by hyphens. */
export const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function identifier(key: string) {
  const name = label(key);
  return v.pipe(
    v.string((i) => `${name} must be text, not ${show(i.input)}`),
    v.maxLength(TEXT_LIMITS.id, () => `${name} is too long (at most ${TEXT_LIMITS.id} characters)`),
    v.regex(
      ID_PATTERN,
      (i) => `${name} ${show(i.input)} is not an id (lower-case letters, digits and hyphens)`,
    ),
  );
}

/** Split view's Lab 2: its own load balancer for Cluster A, client location and target. */
export const splitViewSchema = obj({
  balancer: clusterSchema.entries.balancer,
  location: locationSchema,
  target: targetSchema,
});

/**
 * A split view that does not fit splitViewSchema does not cost the scenario its place: it is kept as
 * it came, marked unreadable, and the page says why (src/state/split/splitLink.ts) and opens Lab 1 alone.
 */
const splitViewField = v.pipe(
  v.unknown(),
  v.transform((input): import('./types').SplitViewSettings | import('./types').UnreadableSplitView => {
    const result = v.safeParse(splitViewSchema, input);
    return result.success ? result.output : { unreadable: input };
  }),
);

const viewSchema = obj({
  split: v.optional(splitViewField),
  speed: v.optional(real('speed', LIMITS.speed)),
  panels: v.optional(
    v.pipe(
      list('panels', pick('panel', PANEL_IDS), [0, PANEL_IDS.length]),
      v.check((p) => new Set(p).size === p.length, 'panels lists a panel twice'),
    ),
  ),
  timeMs: v.optional(real('timeMs', LIMITS.timeMs)),
  lesson: v.optional(obj({ id: identifier('id'), step: int('step', LIMITS.lessonStepIndex) })),
});

export const lessonActionSchema = v.variant('type', [
  obj({ type: v.literal('loadPreset'), presetId: identifier('presetId') }),
  obj({ type: v.literal('reset') }),
  obj({ type: v.literal('placeClient'), location: locationSchema }),
  obj({ type: v.literal('setTarget'), target: targetSchema }),
  obj({ type: v.literal('run'), connections: int('connections', LIMITS.runConnections) }),
  obj({ type: v.literal('play'), ms: real('ms', LIMITS.playMs) }),
  obj({ type: v.literal('hostAction'), cluster: clusterId, hostIndex, action: pick('action', HOST_ACTIONS) }),
  obj({
    type: v.literal('highlightBucket'),
    bucket: int('bucket', LIMITS.bucket),
    cluster: v.optional(clusterId),
  }),
  obj({ type: v.literal('selectPacket'), connId: int('connId', LIMITS.connId) }),
]);

const questionSchema = obj({
  prompt: text('prompt', TEXT_LIMITS.prompt, { multiline: true }),
  choices: list('choices', text('choice', TEXT_LIMITS.choice), LIMITS.choices),
  answerIndex: int('answerIndex', [0, LIMITS.choices[1] - 1]),
  explanation: text('explanation', TEXT_LIMITS.explanation, { multiline: true }),
});

export const lessonStepSchema = obj({
  narration: text('narration', TEXT_LIMITS.narration, { multiline: true }),
  actions: v.optional(list('actions', lessonActionSchema, LIMITS.actions), () => []),
  question: v.optional(questionSchema),
});

const customLessonSchema = obj({
  title: text('title', TEXT_LIMITS.lessonTitle),
  steps: list('steps', lessonStepSchema, LIMITS.steps),
});

/** The current scenario format (version 1). Older versions are migrated to it first (migrations.ts). */
export const scenarioSchema = obj({
  version: v.literal(1, (i) => `version must be 1, not ${show(i.input)}`),
  title: v.optional(text('title', TEXT_LIMITS.title)),
  seed: int('seed', LIMITS.seed),
  clusters: list('clusters', clusterSchema, LIMITS.clusters),
  client: clientSchema,
  tcp: tcpSchema,
  network: networkSchema,
  timeline: list('timeline', timelineEntrySchema, LIMITS.timeline),
  log: v.optional(runLogSchema),
  view: v.optional(viewSchema),
  lesson: v.optional(customLessonSchema),
});

// The schema and the hand-written types in types.ts must describe the same data (checked by tsc).
type SchemaOutput = v.InferOutput<typeof scenarioSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesTypes: Same<SchemaOutput, Scenario> = true;
