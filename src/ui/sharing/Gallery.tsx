// The gallery of built-in scenarios: each preset by title with its one-line description; choosing
// one loads it (time back to zero). The presets are fetched when the dialog opens. They come in two
// groups, each under its heading: Windows NLB, and the load balancers of today (MODERN.md), where
// each preset also names its balancer and mechanism. Two buttons at the top move the keyboard focus
// to a group's first scenario, so nobody has to Tab through the other group to reach it.
import { useId, useRef } from 'react';
import { BALANCER_NAMES } from '../../scenario/balancerNames';
import type { Preset } from '../../scenario/presets';
import { balancerFacts, MECHANISM_NAMES } from '../../sim/balancerKinds';
import { PRESETS } from '../../state/sharing/scenarioIo';
import { loadPreset } from '../../state/sharing/actions';
import { openDialog } from '../../state/sharing/sharingStore';
import { Modal } from '../common/Modal';

interface Group {
  key: string;
  heading: string;
  intro: string;
  presets: readonly Preset[];
}

/** Cluster A's load balancer when it is not Windows NLB, else null. */
function modernBalancer(p: Preset) {
  const b = p.scenario.clusters[0]?.balancer;
  return b && b.kind !== 'nlb' ? b : null;
}

function groups(): Group[] {
  return [
    {
      key: 'nlb',
      heading: 'Windows NLB',
      intro: 'KB Q247768 and the NLB behaviours around it: modes, affinity, convergence, port rules.',
      presets: PRESETS.filter((p) => !modernBalancer(p)),
    },
    {
      key: 'modern',
      heading: 'Load balancers today',
      intro:
        'The same question on Kubernetes, Azure, AWS, Google Cloud, Linux LVS and a proxy: a backend calls its own load balancer.',
      presets: PRESETS.filter((p) => modernBalancer(p)),
    },
  ].filter((g) => g.presets.length > 0);
}

/** `Azure internal load balancer · half-NAT hairpin` for a preset of today, else null. */
function balancerTag(p: Preset): string | null {
  const b = modernBalancer(p);
  if (!b) return null;
  const facts = balancerFacts(b);
  return `${BALANCER_NAMES[b.kind]} · ${MECHANISM_NAMES[facts.mechanism]}`;
}

export function Gallery() {
  const baseId = useId();
  const list = groups();
  const sections = useRef<Record<string, HTMLElement | null>>({});
  /** Shows a group from its heading and puts the keyboard on its first scenario. */
  const jumpTo = (key: string) => {
    const section = sections.current[key];
    section?.scrollIntoView({ block: 'start' });
    section?.querySelector<HTMLButtonElement>('.gallery-item')?.focus({ preventScroll: true });
  };
  return (
    <Modal title="Scenarios" onClose={() => openDialog(null)} wide>
      <p className="modal-intro">
        Built-in scenarios to start from. Choosing one replaces the lab&apos;s scenario (time goes back to
        zero); Share or Export scenario first to keep yours.
      </p>
      {list.length > 1 && (
        <nav className="gallery-jump" aria-label="Scenario groups">
          {list.map((g) => (
            <button key={g.key} type="button" className="quiet" onClick={() => jumpTo(g.key)}>
              Go to {g.heading} ({g.presets.length})
            </button>
          ))}
        </nav>
      )}
      {list.map((g) => {
        const headingId = `${baseId}-${g.key}-h`;
        return (
          <section
            key={g.key}
            className="gallery-group"
            aria-labelledby={headingId}
            ref={(el) => {
              sections.current[g.key] = el;
            }}
          >
            <h3 id={headingId} className="gallery-heading">
              {g.heading}
            </h3>
            <p className="gallery-intro">{g.intro}</p>
            <ul className="gallery">
              {g.presets.map((p) => {
                const tag = balancerTag(p);
                const ids = { t: `${baseId}-${p.id}-t`, d: `${baseId}-${p.id}-d`, k: `${baseId}-${p.id}-k` };
                return (
                  <li key={p.id}>
                    <button
                      type="button"
                      className="gallery-item"
                      aria-labelledby={ids.t}
                      aria-describedby={tag ? `${ids.k} ${ids.d}` : ids.d}
                      onClick={() => void loadPreset(p.id)}
                    >
                      <span id={ids.t} className="gallery-title">
                        {p.title}
                      </span>
                      {tag && (
                        <span id={ids.k} className="gallery-tag">
                          {tag}
                        </span>
                      )}
                      <span id={ids.d} className="gallery-desc">
                        {p.description}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </Modal>
  );
}
