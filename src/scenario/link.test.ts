// The link codec: round trips (presets and random scenarios), stored links of every version, link
// length, and clear refusals of links that are too long, cut off, garbled, hostile or from the future.
/* eslint-disable @typescript-eslint/no-explicit-any -- these tests put wrong types into scenarios on purpose */
import { deflateSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultScenario } from './defaults';
import {
  DEFAULT_BASE_ID,
  LINK_ERRORS,
  MAX_LINK_CHARS,
  bytesToBase64url,
  crc32,
  decodeScenarioFromLink,
  encodeScenarioToHash,
  encodeScenarioToLink,
  linkBaseIds,
  v1BaseScenario,
} from './link';
import { PRESETS, presetScenario } from './presets';
import { HOST_ACTIONS } from './hostOperations';
import { PANEL_IDS } from './schema';
import type {
  ClientLocation,
  ClientTarget,
  ClusterConfig,
  ClusterId,
  LessonAction,
  PortRule,
  Scenario,
} from './types';
import { parseScenario } from './validate';

const PAGE = 'https://vip-lab.example/';

function decoded(link: string): Scenario {
  const result = decodeScenarioFromLink(link);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.scenario;
}

function errorsOf(link: string): string[] {
  const result = decodeScenarioFromLink(link);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

describe('a link round trip gives back the same scenario', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))('for the preset %s, as a short link', (_id, preset) => {
    const link = encodeScenarioToLink(preset.scenario, PAGE);
    expect(decoded(link)).toEqual(preset.scenario);
    expect(link).toMatch(new RegExp(`^${PAGE}#s=3\\.[A-Za-z0-9_-]{6}\\.${preset.id}$`));
  });

  it('for the default scenario', () => {
    // CRC-32 of "3.default" is 0x637b477c: base64url "Y3tHfA".
    expect(encodeScenarioToLink(defaultScenario(), PAGE)).toBe(`${PAGE}#s=3.Y3tHfA.default`);
    expect(decoded(`${PAGE}#s=1.default`)).toEqual(defaultScenario());
  });

  it('from a given base too, and keeps the page address but not its old hash', () => {
    const s = presetScenario('drainstop')!;
    s.seed = 7;
    const link = encodeScenarioToLink(s, 'http://localhost:5173/lab/?x=1#s=1.kb-outside', {
      baseId: DEFAULT_BASE_ID,
    });
    expect(link).toMatch(/^http:\/\/localhost:5173\/lab\/\?x=1#s=3\.[A-Za-z0-9_-]{6}\.default\./);
    expect(decoded(link)).toEqual(s);
    expect(decoded(encodeScenarioToHash(s))).toEqual(s);
  });

  it('with parameters pasted after it (?embed=1 or &embed=1), which are not part of the link', () => {
    const preset = presetScenario('kb-on-host')!;
    const link = encodeScenarioToLink(preset, PAGE);
    expect(decoded(`${link}?embed=1`)).toEqual(preset);
    expect(decoded(`${link}&embed=1`)).toEqual(preset);
    expect(decoded(`${link}?embed=1&speed=5&presenter=1`)).toEqual(preset);
    // As a chat app may write `?embed=1` pasted after the link.
    expect(decoded(`${link}%3Fembed%3D1%26speed%3D5`)).toEqual(preset);
  });

  it('with its run log of changes (since version 2), in a short link', () => {
    const s = defaultScenario();
    s.log = [
      {
        t: 2500,
        source: 'user',
        change: { type: 'hostAction', cluster: 'A', hostIndex: 2, action: 'crash' },
      },
      { t: 12_000, source: 'user', change: { type: 'loadWeight', cluster: 'A', hostIndex: 0, weight: 80 } },
      { t: 15_000.5, source: 'lesson', change: { type: 'runConnections', count: 300 } },
    ];
    const link = encodeScenarioToLink(s, PAGE);
    expect(link).toMatch(/^https:\/\/vip-lab\.example\/#s=3\.[A-Za-z0-9_-]{6}\.default\./);
    expect(decoded(link)).toEqual(s);
    expect(link.length - PAGE.length).toBeLessThan(200);
  });

  it('for hundreds of random valid scenarios', () => {
    fc.assert(
      fc.property(validScenario(), (s) => {
        const parsed = parseScenario(s);
        expect(parsed.ok ? [] : parsed.errors).toEqual([]);
        const link = encodeScenarioToLink(s, PAGE);
        expect(decoded(link)).toEqual(s);
      }),
      { numRuns: 300 },
    );
    // 300 scenarios, each encoded against every base at deflate level 9: seconds on a busy machine.
  }, 60_000);
});

describe('stored links keep opening', () => {
  // Made by VIP Lab with link version 1. Never edit these: if one stops decoding to the scenario
  // below, a change broke every link people have already shared (see migrations.ts).
  const V1_LINK_FULL =
    'https://vip-lab.example/#s=1.default.AwY-ODRMjEAQn1ZwRkbWagEOV8zSB6NYBQKKPUXFvAlLCc45icXFCimpuflWCjZJdh5AZQqGNvpJdgpqCiUZqQphngFA3WhpFBhEWNMoKGUipUZDoMuATsbMo-EZlQoQm-xxZldgKauQWaIALJQVyhNLkjOgGvSIzsamBiB_Ys2s4Rn5CuCCsRhkP1K-hdgBFAMzjDDyMKgKRMnDPtAiVw-cmWsB';
  const V1_LINK_PRESET_BASE =
    'https://example.org/vip-lab/#s=1.kb-on-host.AwY-ODRMjEAQn1ZwRkbWagEMV1DIIpyLPdxMa2sB';
  const V1_LINK_BARE = '#s=1.drainstop';

  const host = (i: number, loadWeight = 50) => ({
    priority: i + 1,
    dip: `10.0.0.${11 + i}`,
    loadWeight,
    handlingPriority: i + 1,
    serverRunning: true,
  });
  const rule = (equalLoad: boolean) => ({
    vip: 'all',
    startPort: 0,
    endPort: 65535,
    protocol: 'both',
    filtering: 'multiple',
    affinity: 'single',
    equalLoad,
  });
  const cluster = (hosts: object[], equalLoad: boolean) => ({
    id: 'A',
    vip: '10.0.0.100',
    mode: 'unicast',
    maskSourceMac: true,
    bucketCount: 60,
    aliveMsgPeriodMs: 1000,
    aliveMsgTolerance: 5,
    hosts,
    portRules: [rule(equalLoad)],
    clusterIpAsSource: false,
  });

  it('a v1 link with every kind of field decodes to exactly the scenario it was made from', () => {
    expect(decoded(V1_LINK_FULL)).toEqual({
      version: 1,
      title: 'Class demo: <b>Host 1</b> & the VIP',
      seed: 424242,
      clusters: [cluster([host(0), host(1, 80), host(2)], false)],
      client: {
        location: { kind: 'host', cluster: 'A', hostIndex: 0 },
        target: { kind: 'vip', cluster: 'A' },
        port: 80,
        connectionsPerSecond: 20,
        sourceAddresses: 1000,
      },
      tcp: { initialRtoMs: 3000, maxSynRetransmissions: 2 },
      network: { linkLatencyMs: 1, loopbackLatencyMs: 0.2, serverThinkMs: 2, routerStaticArpForVip: true },
      timeline: [{ atMs: 5000, action: 'crash', cluster: 'A', hostIndex: 2 }],
      view: { speed: 2, panels: ['topology', 'log'], timeMs: 1500 },
      lesson: {
        title: 'Why Host 1?',
        steps: [
          {
            narration: 'Run it and watch Host 1.',
            actions: [{ type: 'run', connections: 50 }],
            question: {
              prompt: 'Who serves?',
              choices: ['Host 1', 'Host 2'],
              answerIndex: 0,
              explanation: 'Loopback.',
            },
          },
        ],
      },
    });
  });

  it('a v1 link made from a preset base decodes to that preset with its changes', () => {
    expect(decoded(V1_LINK_PRESET_BASE)).toEqual({
      version: 1,
      title: 'The KB case: client on a host',
      seed: 424242,
      clusters: [cluster([host(0), host(1, 80), host(2)], true)],
      client: {
        location: { kind: 'host', cluster: 'A', hostIndex: 0 },
        target: { kind: 'vip', cluster: 'A' },
        port: 80,
        connectionsPerSecond: 5,
        sourceAddresses: 1000,
      },
      tcp: { initialRtoMs: 3000, maxSynRetransmissions: 2 },
      network: { linkLatencyMs: 1, loopbackLatencyMs: 0.2, serverThinkMs: 2, routerStaticArpForVip: true },
      timeline: [],
    });
  });

  it('a bare v1 preset link decodes to the preset', () => {
    const s = decoded(V1_LINK_BARE);
    expect(s.title).toBe('Drainstop');
    expect(s.network.serverThinkMs).toBe(2000);
    expect(s.timeline).toEqual([{ atMs: 2000, action: 'drainstop', cluster: 'A', hostIndex: 2 }]);
  });

  // Made by VIP Lab with link version 2 (a run log, no checksum). Never edit these.
  const V2_LINK_LOG =
    'https://vip-lab.example/#s=2.default.Q-Rt55zE4mKFlNTcfCsFcJgqqClAwwqSLaBxaATMqVSLR2AtgBmRYGsMIaUpZpxi2IQSu7hTLSLmLYDZFZiv0coGYE4lqmwA2l8ETOpIBYOhCajsqgUA';
  const V2_LINK_PRESET_BASE = 'https://vip-lab.example/#s=2.kb-on-host.q0ZKC4i0V1sLAA';

  it('a v2 link with a run log and view settings decodes to exactly the scenario it was made from', () => {
    const expected = defaultScenario();
    expected.title = 'Class demo: crash & weight';
    expected.log = [
      {
        t: 2500,
        source: 'user',
        change: { type: 'hostAction', cluster: 'A', hostIndex: 2, action: 'crash' },
      },
      { t: 12000, source: 'lesson', change: { type: 'loadWeight', cluster: 'A', hostIndex: 0, weight: 80 } },
    ];
    expected.view = { speed: 5, panels: ['topology', 'outcome', 'log', 'charts'], timeMs: 14000 };
    expect(decoded(V2_LINK_LOG)).toEqual(expected);
    const onHost = presetScenario('kb-on-host')!;
    onHost.client.port = 8080;
    expect(decoded(V2_LINK_PRESET_BASE)).toEqual(onHost);
    expect(decoded(`${PAGE}#s=2.default`)).toEqual(defaultScenario());
  });

  // A v1 link stores only its difference from a base, so the bases are part of the v1 format. If a
  // fingerprint here changes, links already shared would open differently: keep a frozen copy of the
  // old base for v1 links (link.ts, v1Bases) instead of editing the preset, or add a new preset.
  it('the bases v1 links start from have not changed', () => {
    // New presets may join the bases; the ones v1 links knew must stay as they were.
    const known = linkBaseIds().filter((id) => id in V1_BASE_FINGERPRINTS);
    expect([...known].sort()).toEqual(Object.keys(V1_BASE_FINGERPRINTS).sort());
    const fingerprints = Object.fromEntries(known.map((id) => [id, fingerprint(id)]));
    expect(fingerprints).toEqual(V1_BASE_FINGERPRINTS);
  });
});

describe('links stay short', () => {
  const changes: [string, (s: Scenario) => void][] = [
    [
      'a load weight, the seed and the rate',
      (s) => {
        s.clusters[0]!.hosts[1]!.loadWeight = 80;
        s.seed = 123456789;
        s.client.connectionsPerSecond = 50;
      },
    ],
    [
      'the mode, a fourth host and a timeline fault',
      (s) => {
        s.clusters[0]!.mode = 'multicast';
        s.clusters[0]!.hosts.push({
          priority: 9,
          dip: '10.0.0.40',
          loadWeight: 70,
          handlingPriority: 9,
          serverRunning: true,
        });
        s.timeline = [...s.timeline, { atMs: 4500, action: 'unplug', cluster: 'A', hostIndex: 0 }];
      },
    ],
    [
      'affinity, a second rule and view settings',
      (s) => {
        const rules = s.clusters[0]!.portRules;
        rules[0] = { ...rules[0]!, affinity: 'none', startPort: 0, endPort: 79 };
        rules.push({
          vip: 'all',
          startPort: 81,
          endPort: 65535,
          protocol: 'udp',
          filtering: 'disabled',
          affinity: 'single',
          equalLoad: true,
        });
        s.view = {
          speed: 5,
          panels: ['topology', 'outcome', 'log'],
          timeMs: 2500,
          lesson: { id: 'kb-q247768', step: 2 },
        };
      },
    ],
    [
      'where the client runs and what it connects to',
      (s) => {
        s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 };
        s.client.target = { kind: 'dip', cluster: 'A', hostIndex: 0 };
        s.client.port = 443;
      },
    ],
  ];
  const lengths: number[] = [];

  it.each(PRESETS.map((p) => [p.id] as const))('under 500 characters: preset %s with a few changes', (id) => {
    for (const [what, change] of changes) {
      const s = presetScenario(id)!;
      change(s);
      const link = encodeScenarioToLink(s, PAGE);
      lengths.push(link.length);
      expect(link.length, what).toBeLessThan(500);
      expect(decoded(link)).toEqual(s);
    }
  });

  it('(the range measured is printed for the record)', () => {
    console.info(
      `link lengths for a preset with a few changes: ${Math.min(...lengths)}–${Math.max(...lengths)} characters`,
    );
    expect(lengths.length).toBe(PRESETS.length * changes.length);
  });
});

describe('a bad link is refused with a clear message', () => {
  const good = () => encodeScenarioToLink(withChanges(), PAGE);

  it('when it is too long', () => {
    const link = `${PAGE}#s=1.default.${'A'.repeat(MAX_LINK_CHARS)}`;
    expect(errorsOf(link)).toEqual([LINK_ERRORS.tooLong(link.length)]);
    expect(errorsOf(link)[0]).toMatch(/too long \(8,0\d\d characters; VIP Lab opens links of up to 8,000\)/);
  });

  it('when a valid scenario has outgrown a link (pages of lesson text), suggesting a file', () => {
    const s = defaultScenario();
    let seed = 1;
    const word = () => ((seed = (seed * 48271) % 0x7fffffff), (seed % 100_000).toString(36));
    const narration = () => Array.from({ length: 300 }, word).join(' ').slice(0, 2000);
    s.lesson = {
      title: 'Long',
      steps: Array.from({ length: 10 }, () => ({ narration: narration(), actions: [] })),
    };
    expect(parseScenario(s).ok).toBe(true);
    const link = encodeScenarioToLink(s, PAGE);
    expect(errorsOf(link)).toEqual([LINK_ERRORS.tooLong(link.length)]);
    expect(LINK_ERRORS.tooLong(link.length)).toMatch(/exported file instead/);
  });

  it('when it unpacks to more than 64 KB (a zip bomb)', () => {
    const bomb = new TextEncoder().encode(JSON.stringify({ title: 'x'.repeat(200_000) }));
    const link = `${PAGE}#s=1.default.${bytesToBase64url(deflateSync(bomb, { level: 9 }))}`;
    expect(link.length).toBeLessThan(MAX_LINK_CHARS);
    expect(errorsOf(link)).toEqual([LINK_ERRORS.tooBig]);
  });

  it('when it was cut off', () => {
    const link = good();
    for (const cut of [1, 2, 5, 10, 20, link.length - PAGE.length - 12]) {
      const errors = errorsOf(link.slice(0, link.length - cut));
      expect(errors.length).toBe(1);
      expect(errors[0]).toMatch(/damaged or cut off|cut off when it was copied|garbled/);
    }
    expect(errorsOf(`${PAGE}#s=1.kb-on-ho`)).toEqual([LINK_ERRORS.unknownBase('kb-on-ho')]);
    expect(errorsOf(`${PAGE}#s=1.`)).toEqual([LINK_ERRORS.malformed]);
    expect(errorsOf(`${PAGE}#s=`)).toEqual([LINK_ERRORS.noScenario]);
  });

  it('when its characters were changed', () => {
    const link = good();
    const payloadAt = link.lastIndexOf('.') + 1;
    expect(errorsOf(`${link.slice(0, payloadAt)}!!${link.slice(payloadAt + 2)}`)).toEqual([
      LINK_ERRORS.malformed,
    ]);
    expect(errorsOf(`${PAGE}#s=1.default.AAAA`)).toEqual([LINK_ERRORS.damaged]);
    expect(errorsOf(`${PAGE}#s=1.default.A`)).toEqual([LINK_ERRORS.damaged]);
    expect(errorsOf(`${PAGE}#s=one.default`)).toEqual([LINK_ERRORS.malformed]);
    // Any single changed character: refused or decoded to a valid scenario, never a crash.
    for (let i = payloadAt; i < link.length; i++) {
      const swapped = link.slice(0, i) + (link[i] === 'B' ? 'C' : 'B') + link.slice(i + 1);
      const result = decodeScenarioFromLink(swapped);
      if (result.ok) expect(parseScenario(result.scenario).ok).toBe(true);
      else expect(result.errors.length).toBeGreaterThan(0);
    }
  });

  it('when its check code does not match (version 3)', () => {
    const link = good();
    const hash = link.slice(PAGE.length);
    const [, check, rest] = /^#s=3\.([A-Za-z0-9_-]{6})\.(.*)$/.exec(hash)!;
    const otherCheck = check!.startsWith('A') ? `B${check!.slice(1)}` : `A${check!.slice(1)}`;
    expect(errorsOf(`${PAGE}#s=3.${otherCheck}.${rest}`)).toEqual([LINK_ERRORS.checksum]);
    // The check of another scenario's link does not fit this one.
    const other = encodeScenarioToHash(defaultScenario());
    expect(errorsOf(`${PAGE}#s=3.${other.slice(5, 11)}.${rest}`)).toEqual([LINK_ERRORS.checksum]);
    expect(errorsOf(`${PAGE}#s=3.default`)).toEqual([LINK_ERRORS.malformed]);
    expect(errorsOf(`${PAGE}#s=3.${check}.default.`)).toEqual([LINK_ERRORS.checksum]);
  });

  it('never opens as another scenario: every single changed character is refused or changes nothing', () => {
    const s = withChanges();
    s.title = 'Room 4: crash at 2.5 s';
    const link = encodeScenarioToLink(s, PAGE);
    expect(decoded(link)).toEqual(s);
    const hashAt = link.indexOf('#');
    const replacements = ['A', 'b', '0', '9', '-', '_', '.', '%', '&', '?', '#', '='];
    let refused = 0;
    let tried = 0;
    for (let i = hashAt; i < link.length; i++) {
      for (const r of replacements) {
        if (link[i] === r) continue;
        tried++;
        const result = decodeScenarioFromLink(link.slice(0, i) + r + link.slice(i + 1));
        if (result.ok) expect(result.scenario, `position ${i} -> ${r}`).toEqual(s);
        else {
          refused++;
          expect(result.errors.length).toBeGreaterThan(0);
          expect(result.errors[0]).toMatch(/^This link/);
        }
      }
    }
    // Almost every change is refused (a few, such as "?" or "&" after the link's end, change nothing).
    expect(tried).toBeGreaterThan((link.length - hashAt) * 10);
    expect(refused).toBeGreaterThan(tried * 0.95);
  });

  it('computes the standard CRC-32 for its check code', () => {
    // The check value every CRC-32 (IEEE) implementation is tested with.
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('when it comes from a newer VIP Lab', () => {
    expect(errorsOf(`${PAGE}#s=9.default.AAAA`)).toEqual([
      'This link was made by a newer VIP Lab (version 9); this one reads versions 1 to 3. Open it in the newest VIP Lab.',
    ]);
    expect(errorsOf('#s=4.whatever-it-looks-like.~~')[0]).toMatch(
      /^This link was made by a newer VIP Lab \(version 4\)/,
    );
    expect(errorsOf('#s=0.default')).toEqual([LINK_ERRORS.malformed]);
  });

  it('when it holds no scenario', () => {
    expect(errorsOf(PAGE)).toEqual([LINK_ERRORS.noScenario]);
    expect(errorsOf(`${PAGE}#view=1`)).toEqual([LINK_ERRORS.noScenario]);
    expect(errorsOf('')).toEqual([LINK_ERRORS.noScenario]);
  });

  it('when its values are out of range, naming the field', () => {
    const s = defaultScenario() as any;
    s.clusters[0].hosts[2].loadWeight = 140;
    s.seed = -1;
    const link = encodeScenarioToLink(s, PAGE);
    expect(errorsOf(link)).toEqual([
      'Seed -1 is out of range (0–4294967295)',
      'Cluster A, Host 3: load weight 140 is out of range (0–100)',
    ]);
  });

  it('when its patch is hostile: reserved keys, deep nesting, huge lists', () => {
    const payload = (text: string) =>
      `${PAGE}#s=1.default.${bytesToBase64url(deflateSync(new TextEncoder().encode(text)))}`;
    expect(errorsOf(payload('{"__proto__":{"polluted":true}}'))).toEqual([LINK_ERRORS.damaged]);
    expect(({} as any).polluted).toBeUndefined();
    expect(errorsOf(payload('{"clusters":{"0":{"constructor":{"x":1}}}}'))).toEqual([LINK_ERRORS.damaged]);
    expect(errorsOf(payload(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`))).toEqual([LINK_ERRORS.damaged]);
    expect(errorsOf(payload('{"timeline":{"~":100000000}}'))).toEqual([LINK_ERRORS.damaged]);
    expect(errorsOf(payload('{"timeline":{"~":2,"5":{}}}'))).toEqual([LINK_ERRORS.damaged]);
    expect(errorsOf(payload('[1,2,3]'))[0]).toMatch(/must be a set of settings/);
    expect(errorsOf(payload('not json'))).toEqual([LINK_ERRORS.damaged]);
    expect(errorsOf(payload('{"version":7}'))[0]).toMatch(/newer VIP Lab \(version 7\)/);
  });

  it('but names with markup are kept as plain text', () => {
    const s = defaultScenario();
    s.title = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    s.lesson = {
      title: '</textarea><b>bold?</b>',
      steps: [{ narration: '<a href="javascript:alert(3)">click</a>', actions: [] }],
    };
    expect(decoded(encodeScenarioToLink(s, PAGE))).toEqual(s);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expect(() => decodeScenarioFromLink(`#s=1.default.${text}`)).not.toThrow();
        expect(() => decodeScenarioFromLink(text)).not.toThrow();
      }),
      { numRuns: 300 },
    );
    expect(decodeScenarioFromLink(undefined as unknown as string).ok).toBe(false);
  });
});

// ---- Helpers -------------------------------------------------------------------------------

function withChanges(): Scenario {
  const s = presetScenario('kb-on-host')!;
  s.seed = 99;
  s.clusters[0]!.hosts[0]!.loadWeight = 10;
  s.view = { speed: 2 };
  return s;
}

/** JSON with keys sorted, so that only a change of content changes a fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** FNV-1a of a base scenario's canonical JSON: changes whenever anything in the base changes. */
function fingerprint(baseId: string): string {
  const s = v1BaseScenario(baseId)!;
  let h = 0x811c9dc5;
  for (const ch of canonical(s)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

const V1_BASE_FINGERPRINTS: Record<string, string> = {
  'affinity-network': '8d13effe',
  'affinity-none': '8c5774d2',
  'affinity-single': '3c76c7fe',
  default: 'c854cef8',
  'default-host': 'ff06ac3c',
  drainstop: '02906fdc',
  'host-crash': '2c6d7466',
  igmp: 'eb9897f4',
  'kb-no-failover': '9ec3b91a',
  'kb-on-host': 'aa4615d7',
  'kb-outside': '02f92e5e',
  'load-weights': '9748c8d7',
  'masking-off': '6fe2b639',
  multicast: '0bc5b5b2',
  q198888: 'a2f4f4c1',
  'rules-mismatch': '39c5cea7',
  'single-host-rule': '41457249',
  'unicast-dip-q197864': 'd006cbb9',
  'unicast-flooding': '9f7d9d54',
  'workaround-cluster-b': '5973c458',
  'workaround-dip': '4de9b72a',
};

/** Random scenarios that pass every rule of parseScenario. */
function validScenario(): fc.Arbitrary<Scenario> {
  const hundredths = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((n) => n / 100);
  const text = (maxLength: number, multiline = false) =>
    fc.string({ unit: 'grapheme', minLength: 1, maxLength }).filter((s) =>
      [...s].every((ch) => {
        const c = ch.charCodeAt(0);
        return c !== 0x7f && (c >= 0x20 || (multiline && (c === 0x09 || c === 0x0a || c === 0x0d)));
      }),
    );

  const rules = (vip: string): fc.Arbitrary<PortRule[]> =>
    fc.integer({ min: 0, max: 3 }).chain((n) =>
      fc.tuple(
        ...Array.from({ length: n }, (_, i) =>
          fc.record({
            vip: fc.constantFrom('all', vip),
            startPort: fc.constant(i * 20_000),
            endPort: fc.integer({ min: i * 20_000, max: i * 20_000 + 19_999 }),
            protocol: fc.constantFrom('tcp', 'udp', 'both' as const),
            filtering: fc.constantFrom('multiple', 'single', 'disabled' as const),
            affinity: fc.constantFrom('none', 'single', 'network' as const),
            equalLoad: fc.boolean(),
          }),
        ),
      ),
    ) as fc.Arbitrary<PortRule[]>;

  const cluster = (id: ClusterId): fc.Arbitrary<ClusterConfig> => {
    const vip = id === 'A' ? '10.0.0.100' : '10.0.0.200';
    const first = id === 'A' ? 2 : 40;
    return fc.integer({ min: 1, max: 8 }).chain((n) =>
      fc.record({
        id: fc.constant(id),
        vip: fc.constant(vip),
        mode: fc.constantFrom('unicast', 'multicast', 'igmp' as const),
        maskSourceMac: fc.boolean(),
        bucketCount: fc.integer({ min: 1, max: 64 }),
        aliveMsgPeriodMs: fc.integer({ min: 100, max: 10_000 }),
        aliveMsgTolerance: fc.integer({ min: 5, max: 100 }),
        hosts: fc
          .tuple(
            fc.shuffledSubarray(range(1, 32), { minLength: n, maxLength: n }),
            fc.shuffledSubarray(range(1, 32), { minLength: n, maxLength: n }),
            fc.array(fc.integer({ min: 0, max: 100 }), { minLength: n, maxLength: n }),
            fc.array(fc.boolean(), { minLength: n, maxLength: n }),
            fc.array(fc.option(rules(vip), { nil: undefined, freq: 4 }), { minLength: n, maxLength: n }),
          )
          .map(([priorities, handling, weights, running, hostRules]) =>
            priorities.map((priority, i) => ({
              priority,
              dip: `10.0.0.${first + i}`,
              loadWeight: weights[i]!,
              handlingPriority: handling[i]!,
              serverRunning: running[i]!,
              ...(hostRules[i] ? { portRules: hostRules[i] } : {}),
            })),
          ),
        portRules: rules(vip),
        clusterIpAsSource: fc.boolean(),
      }),
    );
  };

  const clusters = fc.oneof(
    cluster('A').map((a) => [a]),
    fc.tuple(cluster('A'), cluster('B')).map(([a, b]) => [a, b]),
  );

  return clusters.chain((cs) => {
    const hostRef = fc.constantFrom(
      ...cs.flatMap((c) => c.hosts.map((_, i) => ({ cluster: c.id, hostIndex: i }))),
    );
    const location: fc.Arbitrary<ClientLocation> = fc.oneof(
      fc.constant({ kind: 'outside' as const }),
      hostRef.map((r) => ({ kind: 'host' as const, ...r })),
    );
    const target: fc.Arbitrary<ClientTarget> = fc.oneof(
      fc.constant({ kind: 'outside' as const }),
      fc.constantFrom(...cs.map((c) => ({ kind: 'vip' as const, cluster: c.id }))),
      hostRef.map((r) => ({ kind: 'dip' as const, ...r })),
    );
    const action: fc.Arbitrary<LessonAction> = fc.oneof(
      fc.constant({ type: 'reset' as const }),
      fc.constantFrom(...PRESETS.map((p) => ({ type: 'loadPreset' as const, presetId: p.id }))),
      location.map((l) => ({ type: 'placeClient' as const, location: l })),
      target.map((t) => ({ type: 'setTarget' as const, target: t })),
      fc.integer({ min: 1, max: 10_000 }).map((n) => ({ type: 'run' as const, connections: n })),
      fc.integer({ min: 1, max: 600_000 }).map((ms) => ({ type: 'play' as const, ms })),
      fc
        .tuple(hostRef, fc.constantFrom(...HOST_ACTIONS))
        .map(([r, a]) => ({ type: 'hostAction' as const, ...r, action: a })),
      fc
        .integer({ min: 0, max: cs[0]!.bucketCount - 1 })
        .map((bucket) => ({ type: 'highlightBucket' as const, bucket })),
      fc.integer({ min: 1, max: 1_000_000 }).map((connId) => ({ type: 'selectPacket' as const, connId })),
    );
    const question = fc.integer({ min: 2, max: 6 }).chain((n) =>
      fc.record({
        prompt: text(100, true),
        choices: fc.array(text(30), { minLength: n, maxLength: n }),
        answerIndex: fc.integer({ min: 0, max: n - 1 }),
        explanation: text(200, true),
      }),
    );
    const lesson = fc.record({
      title: text(40),
      steps: fc.array(
        fc.record(
          { narration: text(300, true), actions: fc.array(action, { maxLength: 4 }), question },
          { requiredKeys: ['narration', 'actions'] },
        ),
        { minLength: 1, maxLength: 4 },
      ),
    });
    const view = fc.record(
      {
        speed: fc.integer({ min: 5, max: 10_000 }).map((n) => n / 100),
        panels: fc.shuffledSubarray([...PANEL_IDS]),
        timeMs: hundredths(100_000),
        lesson: fc.record({
          id: fc.constantFrom('kb-q247768', 'affinity', 'drainstop'),
          step: fc.integer({ min: 0, max: 99 }),
        }),
      },
      { requiredKeys: [] },
    );
    return fc.record(
      {
        version: fc.constant(1 as const),
        title: text(120),
        seed: fc.integer({ min: 0, max: 0xffff_ffff }),
        clusters: fc.constant(cs),
        client: fc.record({
          location,
          target,
          port: fc.integer({ min: 1, max: 65_535 }),
          connectionsPerSecond: hundredths(1000),
          sourceAddresses: fc.integer({ min: 1, max: 65_000 }),
        }),
        tcp: fc.record({
          initialRtoMs: fc.integer({ min: 100, max: 60_000 }),
          maxSynRetransmissions: fc.integer({ min: 0, max: 10 }),
        }),
        network: fc.record({
          linkLatencyMs: hundredths(1000),
          loopbackLatencyMs: hundredths(1000),
          serverThinkMs: hundredths(60_000),
          routerStaticArpForVip: fc.boolean(),
        }),
        timeline: fc.array(
          fc
            .tuple(hundredths(86_400), hostRef, fc.constantFrom(...HOST_ACTIONS))
            .map(([atMs, r, a]) => ({ atMs, action: a, ...r })),
          { maxLength: 5 },
        ),
        view,
        lesson,
      },
      { requiredKeys: ['version', 'seed', 'clusters', 'client', 'tcp', 'network', 'timeline'] },
    ) as fc.Arbitrary<Scenario>;
  });
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
