// Split view in links and files: what `view.split` asks for (Lab 2's settings), and opening it as a
// link, a file or a saved scenario says. A split view that cannot be used is named in an alert and
// the scenario still opens, in Lab 1 alone.
import { hostName } from '../../scenario/changes';
import type { Scenario, SplitViewSettings, ViewSettings } from '../../scenario/types';
import { asApplying } from '../sharing/address';
import { useSharing } from '../sharing/sharingStore';
import { closeSplit, openSplit } from './splitStore';

export type SplitRequest =
  { kind: 'none' } | { kind: 'open'; settings: SplitViewSettings } | { kind: 'problem'; messages: string[] };

/** Where Lab 2's settings point at a host or cluster `start` does not have, in words. */
function referenceProblems(settings: SplitViewSettings, start: Scenario): string[] {
  const problems: string[] = [];
  const missing = (cluster: 'A' | 'B', hostIndex: number): string | null => {
    const c = start.clusters.find((x) => x.id === cluster);
    if (!c) return `there is no Cluster ${cluster} in this scenario`;
    if (hostIndex >= c.hosts.length)
      return `${hostName(cluster, hostIndex)} does not exist (Cluster ${cluster} has ${c.hosts.length} host${c.hosts.length === 1 ? '' : 's'})`;
    return null;
  };
  const { location, target } = settings;
  const where = location.kind === 'host' ? missing(location.cluster, location.hostIndex) : null;
  if (where) problems.push(`Split view, Lab 2's client location: ${where}`);
  const to =
    target.kind === 'vip'
      ? start.clusters.some((c) => c.id === target.cluster)
        ? null
        : `there is no Cluster ${target.cluster} in this scenario`
      : target.kind === 'dip'
        ? missing(target.cluster, target.hostIndex)
        : null;
  if (to) problems.push(`Split view, Lab 2's target: ${to}`);
  return problems;
}

/** What a split view that did not fit the schema gets wrong, in the schema's own sentences. */
async function unreadableProblems(input: unknown): Promise<string[]> {
  const [v, { splitViewSchema }, { issueMessage }] = await Promise.all([
    import('valibot'),
    import('../../scenario/schema'),
    import('../../scenario/messages'),
  ]);
  const result = v.safeParse(splitViewSchema, input, { abortPipeEarly: true, message: () => '' });
  if (result.success) return [];
  return result.issues.slice(0, 5).map((issue) => `Split view, Lab 2: ${issueMessage(issue)}`);
}

/** What `view.split` asks for, checked against the scenario's starting point. */
export async function readSplitView(split: ViewSettings['split'], start: Scenario): Promise<SplitRequest> {
  if (split === undefined) return { kind: 'none' };
  if ('unreadable' in split) {
    const messages = await unreadableProblems(split.unreadable);
    return {
      kind: 'problem',
      messages: messages.length > 0 ? messages : ['Split view: its settings could not be read'],
    };
  }
  const problems = referenceProblems(split, start);
  return problems.length > 0 ? { kind: 'problem', messages: problems } : { kind: 'open', settings: split };
}

/**
 * Shows split view as `scenario` was saved with it: open with its Lab 2, or (`closeIfAbsent`, for a
 * link or a file, which show what was shared) closed when it has none. A split view that cannot be
 * used is named in an alert; Lab 1 shows the scenario either way. `where` names it ("in this link").
 */
export function applySplitView(scenario: Scenario, where: string, closeIfAbsent: boolean): Promise<void> {
  // The page bringing a scenario in, not the user changing it: the link stays in the address.
  return asApplying(async () => {
    const { log: _log, view, ...start } = scenario;
    const request = await readSplitView(view?.split, start);
    switch (request.kind) {
      case 'none':
        if (closeIfAbsent) closeSplit();
        return;
      case 'open':
        openSplit(request.settings);
        return;
      case 'problem':
        closeSplit();
        useSharing.setState({
          problem: {
            title: `The split view ${where} could not be opened; Lab 1 shows the scenario alone`,
            messages: request.messages,
          },
        });
    }
  });
}
