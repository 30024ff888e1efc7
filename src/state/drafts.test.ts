// Drafts of the cluster settings: valid text becomes values to send; invalid text gets a message on
// the field it belongs to and nothing is sent.
import { describe, expect, it } from 'vitest';
import { makeCluster } from '../scenario/defaults';
import {
  hostToDraft,
  newRuleDraft,
  parseHostDrafts,
  parseRuleDrafts,
  ruleToDraft,
  sameRules,
  type RuleDraft,
} from './drafts';

const cluster = makeCluster('A', 3);

function draft(patch: Partial<RuleDraft>): RuleDraft {
  return { ...ruleToDraft(cluster.portRules[0]!), ...patch };
}

describe('port rule drafts', () => {
  it('round-trips the default rule', () => {
    const { rules, errors } = parseRuleDrafts(cluster.portRules.map(ruleToDraft), cluster);
    expect(errors).toEqual([{}]);
    expect(rules).not.toBeNull();
    expect(sameRules(rules!, cluster.portRules)).toBe(true);
  });

  it('says which field is wrong and sends nothing', () => {
    const { rules, errors } = parseRuleDrafts(
      [draft({ start: '90', end: '80' }), draft({ start: 'x', end: '70000' })],
      cluster,
    );
    expect(rules).toBeNull();
    expect(errors[0]!.end).toMatch(/Start port 90 is after end port 80/);
    expect(errors[1]!.start).toMatch(/0 to 65535/);
    expect(errors[1]!.end).toMatch(/0 to 65535/);
  });

  it('refuses overlapping rules for the same VIP and protocol, not for different protocols', () => {
    const overlapping = parseRuleDrafts(
      [draft({ start: '0', end: '100' }), draft({ start: '80', end: '80', protocol: 'tcp' })],
      cluster,
    );
    expect(overlapping.errors[1]!.rule).toMatch(/Overlaps rule 1 \(both cover port 80\)/);
    const apart = parseRuleDrafts(
      [
        draft({ start: '80', end: '80', protocol: 'tcp' }),
        draft({ start: '80', end: '80', protocol: 'udp' }),
      ],
      cluster,
    );
    expect(apart.rules).toHaveLength(2);
  });

  it('only accepts this cluster VIP or all', () => {
    const { errors } = parseRuleDrafts([draft({ vip: '10.0.0.200' })], cluster);
    expect(errors[0]!.vip).toMatch(/10\.0\.0\.100/);
  });

  it('a new row does not overlap the rules already there unless they cover everything', () => {
    const d = newRuleDraft(cluster, []);
    expect(d.vip).toBe(cluster.vip);
    expect(parseRuleDrafts([d], cluster).rules).toHaveLength(1);
  });
});

describe('host drafts', () => {
  it('round-trips the defaults', () => {
    const { hosts } = parseHostDrafts(cluster.hosts.map(hostToDraft), cluster);
    expect(hosts).toEqual(
      cluster.hosts.map((h) => ({
        priority: h.priority,
        loadWeight: h.loadWeight,
        handlingPriority: h.handlingPriority,
      })),
    );
  });

  it('refuses duplicate priorities and out-of-range weights, naming the host', () => {
    const drafts = cluster.hosts.map(hostToDraft);
    drafts[2] = { ...drafts[2]!, priority: '1', loadWeight: '101' };
    const { hosts, errors } = parseHostDrafts(drafts, cluster);
    expect(hosts).toBeNull();
    expect(errors[2]!.priority).toMatch(/Host 1 already has priority 1/);
    expect(errors[2]!.loadWeight).toMatch(/0 to 100/);
  });

  it('needs unique handling priorities only when a single-host rule exists', () => {
    const drafts = cluster.hosts.map(hostToDraft);
    drafts[1] = { ...drafts[1]!, handlingPriority: '1' };
    expect(parseHostDrafts(drafts, cluster).hosts).not.toBeNull();
    const single = { ...cluster, portRules: [{ ...cluster.portRules[0]!, filtering: 'single' as const }] };
    expect(parseHostDrafts(drafts, single).errors[1]!.handlingPriority).toMatch(/Host 1 already has/);
  });
});
