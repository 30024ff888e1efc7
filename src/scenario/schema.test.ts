// parseScenario: what it accepts, and for each kind of problem, the sentence it gives (what and where).
/* eslint-disable @typescript-eslint/no-explicit-any -- these tests put wrong types into scenarios on purpose */
import { Simulation } from '../sim/simulation';
import { describe, expect, it } from 'vitest';
import { defaultScenario, makeCluster } from './defaults';
import { PRESETS } from './presets';
import type { Scenario } from './types';
import { parseScenario } from './validate';

/** A default scenario changed by `change`, as loose JSON data (so tests can put in wrong types). */
function edited(change: (s: any) => void): unknown {
  const s = structuredClone(defaultScenario()) as any;
  change(s);
  return s;
}

function errorsOf(input: unknown): string[] {
  const result = parseScenario(input);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

describe('parseScenario accepts', () => {
  it('the default scenario, unchanged and as a fresh copy', () => {
    const input = defaultScenario();
    const result = parseScenario(input);
    expect(result).toEqual({ ok: true, scenario: input });
    if (result.ok) expect(result.scenario).not.toBe(input);
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))('the preset %s', (_id, preset) => {
    const result = parseScenario(preset.scenario);
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.ok && result.scenario).toEqual(preset.scenario);
  });

  it('two clusters, 32 hosts each, every optional part filled in', () => {
    const s: Scenario = defaultScenario();
    s.clusters = [makeCluster('A', 32), makeCluster('B', 32)];
    // makeCluster numbers B's DIPs from .51, which would collide with A's 32 hosts (.11–.42)? No: .11+31 = .42.
    s.clusters[0]!.hosts[5]!.portRules = [{ ...s.clusters[0]!.portRules[0]!, affinity: 'none' }];
    s.title = 'Everything at once';
    s.view = { speed: 0.05, panels: ['topology', 'log'], timeMs: 1500, lesson: { id: 'custom', step: 1 } };
    s.lesson = {
      title: 'My lesson',
      steps: [
        { narration: 'One', actions: [{ type: 'run', connections: 10 }] },
        {
          narration: 'Two\nlines',
          actions: [
            { type: 'highlightBucket', bucket: 59 },
            { type: 'hostAction', cluster: 'B', hostIndex: 31, action: 'crash' },
          ],
          question: { prompt: 'Which?', choices: ['a', 'b'], answerIndex: 1, explanation: 'Because.' },
        },
      ],
    };
    const result = parseScenario(s);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('a custom lesson step without actions, filling in an empty list', () => {
    const result = parseScenario(edited((s) => (s.lesson = { title: 'T', steps: [{ narration: 'N' }] })));
    expect(result.ok && result.scenario.lesson?.steps[0]?.actions).toEqual([]);
  });

  it('names and text with markup, unchanged (they are shown as text, never as HTML)', () => {
    const markup = '<img src=x onerror="alert(1)"> & <script>alert(2)</script>';
    const result = parseScenario(
      edited((s) => {
        s.title = markup;
        s.lesson = { title: markup, steps: [{ narration: markup, actions: [] }] };
      }),
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.scenario.title).toBe(markup);
      expect(result.scenario.lesson?.steps[0]?.narration).toBe(markup);
    }
  });
});

describe('parseScenario rejects, saying what and where', () => {
  it('a value out of range, naming the cluster and host', () => {
    expect(errorsOf(edited((s) => (s.clusters[0].hosts[2].loadWeight = 140)))).toEqual([
      'Cluster A, Host 3: load weight 140 is out of range (0–100)',
    ]);
  });

  it.each([
    [
      'bucket count',
      (s: any) => (s.clusters[0].bucketCount = 65),
      'Cluster A: bucket count 65 is out of range (1–64)',
    ],
    [
      'heartbeat period',
      (s: any) => (s.clusters[0].aliveMsgPeriodMs = 50),
      'Cluster A: heartbeat period (AliveMsgPeriod, ms) 50 is out of range (100–10000)',
    ],
    [
      'tolerance',
      (s: any) => (s.clusters[0].aliveMsgTolerance = 4),
      'Cluster A: missed-heartbeat tolerance (AliveMsgTolerance) 4 is out of range (5–100)',
    ],
    [
      'priority',
      (s: any) => (s.clusters[0].hosts[0].priority = 33),
      'Cluster A, Host 1: host priority 33 is out of range (1–32)',
    ],
    [
      'port',
      (s: any) => (s.clusters[0].portRules[0].endPort = 70000),
      'Cluster A, port rule 1: end port 70000 is out of range (0–65535)',
    ],
    [
      'rate',
      (s: any) => (s.client.connectionsPerSecond = 1001),
      'Client: connections per second 1001 is out of range (0–1000)',
    ],
    [
      'source addresses',
      (s: any) => (s.client.sourceAddresses = 0),
      'Client: source addresses 0 is out of range (1–65000)',
    ],
    ['seed', (s: any) => (s.seed = 2 ** 32), 'Seed 4294967296 is out of range (0–4294967295)'],
    [
      'timeline time',
      (s: any) => (s.timeline = [{ atMs: -1, action: 'crash', cluster: 'A', hostIndex: 0 }]),
      'Timeline entry 1: time (ms) -1 is out of range (0–86400000)',
    ],
    ['speed', (s: any) => (s.view = { speed: 0.01 }), 'View settings: speed 0.01 is out of range (0.05–100)'],
    [
      'speed (high)',
      (s: any) => (s.view = { speed: 101 }),
      'View settings: speed 101 is out of range (0.05–100)',
    ],
    [
      'time cursor',
      (s: any) => (s.view = { timeMs: -5 }),
      'View settings: time cursor (ms) -5 is out of range (0–86400000)',
    ],
  ])('out of range: %s', (_name, change, message) => {
    expect(errorsOf(edited(change))).toEqual([message]);
  });

  it('too many hosts and too many clusters', () => {
    expect(errorsOf(edited((s) => (s.clusters[0].hosts = makeCluster('A', 33).hosts)))).toEqual([
      'Cluster A: too many hosts (33; at most 32)',
    ]);
    expect(errorsOf(edited((s) => (s.clusters = [])))).toEqual(['Too few clusters (0; at least 1)']);
    expect(errorsOf(edited((s) => s.clusters.push(makeCluster('B', 1), makeCluster('B', 1))))[0]).toBe(
      'Too many clusters (3; at most 2)',
    );
  });

  it('wrong types, missing and unknown settings', () => {
    expect(
      errorsOf(
        edited((s) => {
          s.clusters[0].hosts[0].loadWeight = '50';
          s.clusters[0].hosts[1].serverRunning = 'yes';
          delete s.clusters[0].hosts[2].dip;
          s.clusters[0].hosts[2].loadWieght = 5;
          s.clusters[0].mode = 'broadcast';
          s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1.5 };
          s.client.target = { kind: 'somewhere' };
          s.tcp = 3;
          s.timeline = {};
        }),
      ),
    ).toEqual([
      'Cluster A: cluster mode must be one of "unicast", "multicast", "igmp", not "broadcast"',
      'Cluster A, Host 1: load weight must be a number, not "50"',
      'Cluster A, Host 2: server running must be true or false, not "yes"',
      'Cluster A, Host 3: dedicated IP is missing',
      'Cluster A, Host 3: unknown setting "loadWieght"',
      'Client location: host index must be a whole number, not 1.5',
      'Client target: kind "somewhere" is not one of "vip", "dip", "outside"',
      'TCP settings must be a set of settings (a JSON object), not 3',
      'Timeline must be a list, not {}',
    ]);
  });

  it('something that is not a scenario at all', () => {
    expect(errorsOf(null)).toEqual(['A scenario must be a set of settings (a JSON object), not null']);
    expect(errorsOf('hello')).toEqual(['A scenario must be a set of settings (a JSON object), not "hello"']);
    expect(errorsOf([1, 2])).toEqual(['A scenario must be a set of settings (a JSON object), not [1,2]']);
    expect(errorsOf({})).toEqual(['The scenario has no version (it should have "version": 1)']);
    expect(errorsOf({ version: 1 })).toContain('Clusters is missing');
  });

  it('a version from a newer VIP Lab, or one that never existed', () => {
    expect(errorsOf(edited((s) => (s.version = 9)))).toEqual([
      'This scenario was made by a newer VIP Lab (version 9); this one reads version 1. Open it in the newest VIP Lab.',
    ]);
    expect(errorsOf(edited((s) => (s.version = 0)))[0]).toMatch(
      /version 0 is not a version VIP Lab has written/,
    );
    expect(errorsOf(edited((s) => (s.version = '1')))[0]).toMatch(/version "1" is not a version/);
  });

  it('addresses that are not dotted quads, or not on the lab network, or taken', () => {
    expect(
      errorsOf(
        edited((s) => {
          s.clusters[0].vip = '10.0.0.256';
          s.clusters[0].hosts[0].dip = '10.0.0';
          s.clusters[0].hosts[1].dip = ' 10.0.0.12';
          s.clusters[0].portRules[0].vip = 'everything';
        }),
      ),
    ).toEqual([
      'Cluster A: VIP "10.0.0.256" is not a valid IPv4 address (four numbers 0–255, like 10.0.0.11)',
      'Cluster A, Host 1: dedicated IP "10.0.0" is not a valid IPv4 address (four numbers 0–255, like 10.0.0.11)',
      'Cluster A, Host 2: dedicated IP " 10.0.0.12" is not a valid IPv4 address (four numbers 0–255, like 10.0.0.11)',
      'Cluster A, port rule 1: VIP "everything" is neither "all" nor a valid IPv4 address',
    ]);
    expect(
      errorsOf(
        edited((s) => {
          s.clusters[0].vip = '192.168.1.10';
          s.clusters[0].hosts[0].dip = '10.0.0.1';
          s.clusters[0].hosts[2].dip = '10.0.0.12';
        }),
      ),
    ).toEqual([
      'Cluster A: VIP 192.168.1.10 is not on the lab network (10.0.0.2–10.0.0.254; 10.0.0.1 is the router)',
      'Cluster A, Host 1: dedicated IP 10.0.0.1 is already used by the router',
      'Cluster A, Host 3: dedicated IP 10.0.0.12 is already used by Cluster A, Host 2',
    ]);
  });

  it('accepts duplicate host priorities (a misconfiguration the engine shows), not duplicate handling priorities for single-host rules', () => {
    // NLB.md: a duplicate priority stops convergence. The scenario may say so; the engine explains it.
    const duplicate = parseScenario(edited((s) => (s.clusters[0].hosts[2].priority = 1)));
    expect(duplicate.ok).toBe(true);
    if (!duplicate.ok) return;
    const sim = new Simulation(duplicate.scenario);
    expect(sim.stats().clusters[0]!.conflict).toBe(
      'Host 1 and Host 3 both have host priority 1 (priorities must be unique)',
    );
    const handling = (s: any) => (s.clusters[0].hosts[1].handlingPriority = 1);
    expect(parseScenario(edited(handling)).ok).toBe(true);
    expect(
      errorsOf(
        edited((s) => {
          handling(s);
          s.clusters[0].portRules[0].filtering = 'single';
        }),
      ),
    ).toEqual([
      'Cluster A: Host 1 and Host 2 both have handling priority 1 (it must be unique when a single-host port rule exists)',
    ]);
  });

  it('port rules that are backwards, for another VIP, or overlapping', () => {
    expect(
      errorsOf(
        edited((s) => {
          const rule = s.clusters[0].portRules[0];
          s.clusters[0].portRules = [
            { ...rule, startPort: 80, endPort: 80, protocol: 'tcp' },
            { ...rule, startPort: 443, endPort: 442 },
            { ...rule, vip: '10.0.0.150', startPort: 8080, endPort: 8080 },
            { ...rule, startPort: 70, endPort: 90, protocol: 'both' },
            { ...rule, startPort: 80, endPort: 80, protocol: 'udp' },
          ];
        }),
      ),
    ).toEqual([
      'Cluster A, port rule 2: start port 443 is after end port 442',
      'Cluster A, port rule 3: VIP 10.0.0.150 is not this cluster\'s VIP; use "all" or 10.0.0.100',
      'Cluster A: port rules 1 and 4 overlap (both cover port 80); NLB does not allow overlapping rules',
      'Cluster A: port rules 4 and 5 overlap (both cover port 80); NLB does not allow overlapping rules',
    ]);
    // The same ports for TCP and for UDP do not overlap; a rule for the VIP may overlap an all-VIP rule.
    expect(
      parseScenario(
        edited((s) => {
          const rule = s.clusters[0].portRules[0];
          s.clusters[0].portRules = [
            { ...rule, startPort: 80, endPort: 80, protocol: 'tcp' },
            { ...rule, startPort: 80, endPort: 80, protocol: 'udp' },
            { ...rule, vip: '10.0.0.100', startPort: 0, endPort: 65535 },
          ];
        }),
      ).ok,
    ).toBe(true);
  });

  it('references to hosts and clusters that do not exist', () => {
    expect(
      errorsOf(
        edited((s) => {
          s.client.location = { kind: 'host', cluster: 'A', hostIndex: 5 };
          s.client.target = { kind: 'vip', cluster: 'B' };
          s.timeline = [
            { atMs: 10, action: 'crash', cluster: 'A', hostIndex: 3 },
            { atMs: 20, action: 'restart', cluster: 'B', hostIndex: 0 },
          ];
        }),
      ),
    ).toEqual([
      'Client location: Host 6 does not exist (Cluster A has 3 hosts)',
      'Client target: there is no Cluster B in this scenario',
      'Timeline entry 1: Host 4 does not exist (Cluster A has 3 hosts)',
      'Timeline entry 2: there is no Cluster B in this scenario',
    ]);
    expect(errorsOf(edited((s) => (s.client.target = { kind: 'dip', cluster: 'A', hostIndex: 3 })))).toEqual([
      'Client target: Host 4 does not exist (Cluster A has 3 hosts)',
    ]);
  });

  it('clusters named out of order', () => {
    expect(errorsOf(edited((s) => (s.clusters[0].id = 'B')))).toEqual([
      'The first cluster must be Cluster A, not Cluster B',
    ]);
    expect(errorsOf(edited((s) => s.clusters.push(makeCluster('A', 1))))).toEqual([
      'The second cluster must be Cluster B, not Cluster A',
    ]);
  });

  it('names Cluster B hosts as Host B1, Host B2 …', () => {
    expect(
      errorsOf(
        edited((s) => {
          s.clusters.push(makeCluster('B', 2));
          s.clusters[1].hosts[1].loadWeight = -1;
        }),
      ),
    ).toEqual(['Cluster B, Host B2: load weight -1 is out of range (0–100)']);
  });

  it('text that is too long, empty, or has control characters', () => {
    expect(errorsOf(edited((s) => (s.title = 'x'.repeat(121))))).toEqual([
      'Title is too long (121 characters; at most 120)',
    ]);
    expect(errorsOf(edited((s) => (s.title = '')))).toEqual(['Title is empty']);
    expect(errorsOf(edited((s) => (s.title = 'a\nb')))).toEqual(['Title contains control characters']);
    expect(
      errorsOf(
        edited(
          (s) =>
            (s.lesson = {
              title: 'T',
              steps: [{ narration: 'n'.repeat(2001), actions: [] }, { narration: 'ok\u0000' }],
            }),
        ),
      ),
    ).toEqual([
      'Lesson, step 1: narration is too long (2001 characters; at most 2000)',
      'Lesson, step 2: narration contains control characters',
    ]);
  });

  describe('free text that would reorder or break what the page shows', () => {
    const lesson = (step: any) => ({ title: 'T', steps: [{ narration: 'n', actions: [], ...step }] });
    // Each free-text field of a scenario, and where its message says it is.
    const fields: [string, (s: any, text: string) => void, string][] = [
      ['title', (s, t) => (s.title = t), 'Title'],
      ['lesson title', (s, t) => (s.lesson = { ...lesson({}), title: t }), 'Lesson: title'],
      ['narration', (s, t) => (s.lesson = lesson({ narration: t })), 'Lesson, step 1: narration'],
      [
        'prompt',
        (s, t) =>
          (s.lesson = lesson({
            question: { prompt: t, choices: ['a', 'b'], answerIndex: 0, explanation: 'e' },
          })),
        'Lesson, step 1, question: prompt',
      ],
      [
        'choice',
        (s, t) =>
          (s.lesson = lesson({
            question: { prompt: 'p', choices: ['a', t], answerIndex: 0, explanation: 'e' },
          })),
        'Lesson, step 1, question, choice 2: choice',
      ],
      [
        'explanation',
        (s, t) =>
          (s.lesson = lesson({
            question: { prompt: 'p', choices: ['a', 'b'], answerIndex: 0, explanation: t },
          })),
        'Lesson, step 1, question: explanation',
      ],
    ];

    it.each(fields)('%s: a right-to-left override is refused, naming the character', (_name, put, where) => {
      expect(errorsOf(edited((s) => put(s, 'Invoice \u202Efdp.exe')))).toEqual([
        `${where} contains an invisible character that reverses or reorders the text around it (U+202E); remove it`,
      ]);
    });

    it.each(fields)('%s: a lone surrogate is refused, naming it', (_name, put, where) => {
      expect(errorsOf(edited((s) => put(s, 'half \uD83D of a smile')))).toEqual([
        `${where} contains a broken character (U+D83D, half of a character such as an emoji); remove it`,
      ]);
    });

    it('refuses every embedding, override and isolate, and a trailing low surrogate', () => {
      for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
        const c = String.fromCharCode(code);
        expect(errorsOf(edited((s) => (s.title = `a${c}b`)))[0]).toContain(
          `(U+${code.toString(16).toUpperCase()})`,
        );
      }
      expect(errorsOf(edited((s) => (s.title = 'tail \uDE00')))[0]).toContain('(U+DE00,');
    });

    it('accepts emoji, right-to-left scripts and the bidi marks their writers need', () => {
      for (const title of ['Smile \u{1F600} please', 'שלום עולם', 'مرحبا\u061C (1)', 'a\u200Eb\u200F']) {
        const result = parseScenario(edited((s) => (s.title = title)));
        expect(result.ok && result.scenario.title).toBe(title);
      }
    });

    it('quotes a hostile value in a message without letting it reorder the message', () => {
      const [message] = errorsOf(edited((s) => (s.clusters[0].vip = '\u202E1.0.0.01')));
      expect(message).toBe(
        'Cluster A: VIP "\\u202e1.0.0.01" is not a valid IPv4 address (four numbers 0–255, like 10.0.0.11)',
      );
      expect(message).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    });

    it('never cuts a quoted emoji in half when shortening a value', () => {
      const [message] = errorsOf(
        edited((s) => (s.clusters[0].vip = `${'x'.repeat(35)}${'\u{1F600}'.repeat(10)}`)),
      );
      expect(message).toContain(`"${'x'.repeat(35)}\u{1F600}…`);
      expect(message).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    });
  });

  it('says a number field left empty is not a number, not "NaN"', () => {
    expect(errorsOf(edited((s) => (s.seed = NaN)))).toEqual(['Seed is not a number']);
  });

  it('a custom lesson with a bad question, action or view step', () => {
    expect(
      errorsOf(
        edited((s) => {
          s.lesson = {
            title: 'T',
            steps: [
              {
                narration: 'n',
                actions: [
                  { type: 'highlightBucket', bucket: 60 },
                  { type: 'hostAction', cluster: 'A', hostIndex: 7, action: 'crash' },
                  { type: 'placeClient', location: { kind: 'host', cluster: 'B', hostIndex: 0 } },
                ],
                question: { prompt: 'p', choices: ['a', 'b'], answerIndex: 2, explanation: 'e' },
              },
            ],
          };
          s.view = { lesson: { id: 'custom', step: 3 } };
        }),
      ),
    ).toEqual([
      'Lesson, step 1, action 1: bucket 60 does not exist (Cluster A has 60 buckets, 0–59)',
      'Lesson, step 1, action 2: Host 8 does not exist (Cluster A has 3 hosts)',
      'Lesson, step 1, action 3: there is no Cluster B in this scenario',
      'Lesson, step 1, question: answer index 2 points past the last choice (there are 2, numbered from 0)',
      'View settings: the open lesson step 4 does not exist (the lesson has 1 steps)',
    ]);
    expect(
      errorsOf(
        edited(
          (s) =>
            (s.lesson = {
              title: 'T',
              steps: [
                {
                  narration: 'n',
                  actions: [{ type: 'dance' }],
                  question: { prompt: 'p', choices: ['a'], answerIndex: 0, explanation: 'e' },
                },
              ],
            }),
        ),
      ),
    ).toEqual([
      'Lesson, step 1, action 1: action type "dance" is not one of "loadPreset", "reset", "placeClient", "setTarget", "run", "play", "hostAction", "highlightBucket", "selectPacket"',
      'Lesson, step 1, question: too few choices (1; at least 2)',
    ]);
    expect(errorsOf(edited((s) => (s.view = { lesson: { id: 'custom', step: 0 } })))).toEqual([
      'View settings: the open lesson is "custom" but this scenario has no lesson of its own',
    ]);
    expect(
      errorsOf(
        edited((s) => (s.view = { panels: ['log', 'log', 'map'], lesson: { id: 'Not An Id', step: 0 } })),
      ),
    ).toEqual([
      'View settings, panel 3: panel must be one of "topology", "outcome", "log", "inspector", "buckets", "charts", "lesson", not "map"',
      'View settings, open lesson: id "Not An Id" is not an id (lower-case letters, digits and hyphens)',
    ]);
    expect(errorsOf(edited((s) => (s.view = { panels: ['log', 'log'] })))).toEqual([
      'View settings: panels lists a panel twice',
    ]);
  });

  it('caps a flood of problems at 20 sentences, counting the rest', () => {
    const errors = errorsOf(
      edited((s) =>
        s.clusters[0].hosts.push(...makeCluster('A', 29).hosts.map((h) => ({ ...h, loadWeight: 500 }))),
      ),
    );
    expect(errors).toHaveLength(20);
    expect(errors[19]).toMatch(/^… and \d+ more problems$/);
  });

  it('never throws, whatever it is given', () => {
    const cyclic: any = { version: 1 };
    cyclic.self = cyclic;
    const weird = [
      undefined,
      0,
      NaN,
      Symbol('x'),
      () => 1,
      new Date(),
      cyclic,
      { version: 1, clusters: [{ hosts: [null] }] },
    ];
    for (const input of weird) expect(() => parseScenario(input)).not.toThrow();
    expect(parseScenario(edited((s) => (s.seed = NaN))).ok).toBe(false);
    expect(parseScenario(edited((s) => (s.network.linkLatencyMs = Infinity))).ok).toBe(false);
  });
});

describe('view.split (split view: Lab 2’s own settings)', () => {
  it('accepts Lab 2’s load balancer, client location and target, as they are', () => {
    const split = {
      balancer: { kind: 'azureIlb' as const, floatingIp: true },
      location: { kind: 'host' as const, cluster: 'A' as const, hostIndex: 0 },
      target: { kind: 'vip' as const, cluster: 'A' as const },
    };
    const result = parseScenario(edited((s) => (s.view = { speed: 1, split })));
    expect(result.ok && result.scenario.view?.split).toEqual(split);
    // Windows NLB is no balancer at all.
    const nlb = { location: { kind: 'outside' }, target: { kind: 'vip', cluster: 'A' } };
    const plain = parseScenario(edited((s) => (s.view = { split: nlb })));
    expect(plain.ok && plain.scenario.view?.split).toEqual(nlb);
  });

  it('keeps the scenario when the split view is bad, marking it unreadable (the page says why)', () => {
    for (const bad of [
      'side by side',
      { balancer: { kind: 'f5BigIp' }, location: { kind: 'outside' }, target: { kind: 'vip', cluster: 'A' } },
      { location: { kind: 'host', cluster: 'A', hostIndex: 99 }, target: { kind: 'vip', cluster: 'A' } },
      { location: { kind: 'outside' } },
      { location: { kind: 'outside' }, target: { kind: 'vip', cluster: 'A' }, extra: 1 },
    ]) {
      const result = parseScenario(edited((s) => (s.view = { speed: 2, split: bad })));
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect(result.scenario.view?.speed).toBe(2);
      expect(result.scenario.view?.split).toEqual({ unreadable: bad });
    }
  });
});
