// Split view: two labs side by side, regions `Lab 1` and `Lab 2` (CONTRACT.md). Each holds its own
// `Load balancer`, `Client location`, `Connect to`, drawing, caption with `Last outcome`, run summary
// and outcome (`Cluster state`, `Connections per host`, the counters). Playback, the timeline and Run
// above and beside them are shared (src/state/split/sync.ts forwards them to Lab 2).
// Lab 1 is the page's own lab with its full drawing (zoom, drag, inspect); Lab 2's region renders the
// same outcome components under a LabContext provider, so `useLab` there reads Lab 2.
import type { ReactNode } from 'react';
import { formatTime } from '../../scenario/simTime';
import type { ClientLocation, ClientTarget } from '../../scenario/types';
import {
  setLabTwoBalancer,
  setLabTwoLocation,
  setLabTwoTarget,
  useSplit,
  type LabTwo,
} from '../../state/split/splitStore';
import { LabContext, useLab, useLab1 } from '../../state/store';
import { BalancerPicker } from '../controls/BalancerPicker';
import { Caption } from '../explain/Caption';
import { Outcome } from '../outcome/Outcome';
import { RunSummary } from '../outcome/RunSummary';
import { TopologyStage } from '../stage/TopologyStage';
import { LabCaption } from './LabCaption';
import { LabClientControls } from './LabClientControls';
import { LabStage } from './LabStage';

function LabPanel({ name, controls, children }: { name: string; controls: ReactNode; children: ReactNode }) {
  return (
    <section className="lab-panel" aria-label={name}>
      <div className="lab-head">
        <h2 className="lab-title">{name}</h2>
        <div className="lab-controls">{controls}</div>
      </div>
      {children}
    </section>
  );
}

function LabOneControls() {
  const scenario = useLab1((s) => s.scenario);
  const change = useLab1((s) => s.change);
  const setClientLocation = useLab1((s) => s.setClientLocation);
  const setTarget = useLab1((s) => s.setTarget);
  return (
    <>
      <BalancerPicker
        value={scenario.clusters[0]?.balancer}
        onChange={(balancer) => change([{ type: 'balancer', cluster: 'A', balancer }])}
      />
      <LabClientControls
        scenario={scenario}
        location={scenario.client.location}
        target={scenario.client.target}
        onLocation={setClientLocation}
        onTarget={setTarget}
      />
    </>
  );
}

function LabTwoControls() {
  const overrides = useSplit((s) => s.overrides);
  const scenario = useLab((s) => s.scenario);
  if (!overrides) return null;
  return (
    <>
      <BalancerPicker value={overrides.balancer} onChange={setLabTwoBalancer} />
      <LabClientControls
        scenario={scenario}
        location={overrides.location}
        target={overrides.target}
        onLocation={(l: ClientLocation) => setLabTwoLocation(l)}
        onTarget={(t: ClientTarget) => setLabTwoTarget(t)}
      />
    </>
  );
}

/** What Lab 2 is doing or had to give way to, when it is not simply in step with Lab 1. */
function LabTwoStatus({ lab2 }: { lab2: LabTwo }) {
  const notices = useSplit((s) => s.notices);
  const problems = useSplit((s) => s.problems);
  const apart = useSplit((s) => s.apart);
  const error = useLab((s) => s.error);
  const work = useLab((s) => s.work);
  const running = useLab((s) => s.running);
  const now = useLab((s) => s.stats?.now ?? 0);
  const oneNow = useLab1((s) => s.stats?.now ?? 0);
  const oneSettled = useLab1(
    (s) => !s.running && s.work === null && s.seekTarget === null && s.bulkPending === null,
  );
  if (error !== null) {
    return (
      <div className="lab-status lab-error" role="alert">
        <p>Lab 2 stopped: {error}</p>
        <button type="button" onClick={() => lab2.useLab.getState().restartWorker()}>
          Restart Lab 2
        </button>
      </div>
    );
  }
  let text = '';
  if (problems.length > 0) text = `Lab 2 could not load this run: ${problems.join(' ')}`;
  else if (work !== null) {
    const share = work.total > work.from ? (work.done - work.from) / (work.total - work.from) : 1;
    text = `Lab 2 is catching up with Lab 1… ${Math.round(Math.min(1, Math.max(0, share)) * 100)} %`;
  } else if (notices.length > 0) text = notices.join(' ');
  else if (apart && !running && oneSettled && Math.abs(now - oneNow) > 0.5) {
    // After a batch each lab stays at the end of its own (sync.ts): say why the clocks differ.
    const whose = now > oneNow ? 'its' : "Lab 1's";
    text = `Lab 2 is at ${formatTime(now)} (Lab 1: ${formatTime(oneNow)}): ${whose} batch ran until its last connection ended.`;
  }
  return (
    <p className="lab-status" role="status" title={text || undefined}>
      {text}
    </p>
  );
}

export function SplitView() {
  const lab2 = useSplit((s) => s.lab2);
  return (
    <div className="split-labs">
      <LabPanel name="Lab 1" controls={<LabOneControls />}>
        <TopologyStage />
        <Caption />
        <div className="lab-results">
          <RunSummary />
          <Outcome />
        </div>
      </LabPanel>
      {lab2 && (
        <LabContext.Provider value={lab2.useLab}>
          <LabPanel name="Lab 2" controls={<LabTwoControls />}>
            <LabStage feed={lab2.feed} label="Topology">
              <LabTwoStatus lab2={lab2} />
            </LabStage>
            <LabCaption narration={lab2.narration} />
            <div className="lab-results">
              <RunSummary />
              <Outcome />
            </div>
          </LabPanel>
        </LabContext.Provider>
      )}
    </div>
  );
}
