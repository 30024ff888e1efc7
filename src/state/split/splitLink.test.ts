// What `view.split` in a link or file asks for: Lab 2's settings, or why they cannot be used.
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../scenario/defaults';
import { parseScenario } from '../../scenario/validate';
import { readSplitView } from './splitLink';

const start = defaultScenario();

describe('readSplitView', () => {
  it('opens split view with Lab 2’s settings, or leaves it as it is when there are none', async () => {
    const settings = {
      balancer: { kind: 'azureIlb' as const },
      location: { kind: 'host' as const, cluster: 'A' as const, hostIndex: 0 },
      target: { kind: 'vip' as const, cluster: 'A' as const },
    };
    expect(await readSplitView(settings, start)).toEqual({ kind: 'open', settings });
    expect(await readSplitView(undefined, start)).toEqual({ kind: 'none' });
  });

  it('says what is wrong with a split view the schema could not read', async () => {
    const parsed = parseScenario({
      ...defaultScenario(),
      view: {
        split: {
          balancer: { kind: 'f5BigIp' },
          location: { kind: 'outside' },
          target: { kind: 'vip', cluster: 'A' },
        },
      },
    });
    expect(parsed.ok).toBe(true);
    const request = await readSplitView(parsed.ok ? parsed.scenario.view?.split : undefined, start);
    expect(request.kind).toBe('problem');
    const text = request.kind === 'problem' ? request.messages.join(' ') : '';
    expect(text).toMatch(/^Split view, Lab 2: /);
    expect(text).toContain('"f5BigIp"');
    const notAnObject = await readSplitView({ unreadable: 'both' }, start);
    expect(notAnObject.kind === 'problem' && notAnObject.messages[0]).toMatch(/Split view, Lab 2: .*"both"/);
  });

  it('refuses a host or a cluster the scenario does not have, by name', async () => {
    const request = await readSplitView(
      {
        location: { kind: 'host', cluster: 'A', hostIndex: 7 },
        target: { kind: 'dip', cluster: 'B', hostIndex: 0 },
      },
      start,
    );
    expect(request).toEqual({
      kind: 'problem',
      messages: [
        "Split view, Lab 2's client location: Host 8 does not exist (Cluster A has 3 hosts)",
        "Split view, Lab 2's target: there is no Cluster B in this scenario",
      ],
    });
  });
});
