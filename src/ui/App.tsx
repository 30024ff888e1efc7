// The page: header, controls, the drawing with its narration, and the outcome panel.
// Starts the simulation worker once on mount; everything else flows through the store.
// The drawing, the side column's host panel, explaining panels (inspector, bucket map, charts) and
// export panel load on demand, so the first paint only waits for the controls and the page's frame.
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useSplit } from '../state/split/splitStore';
import { useLab } from '../state/store';
import { LoadBoundary } from './common/LoadBoundary';
import { ClusterSettings } from './controls/ClusterSettings';
import { PlaybackControls } from './controls/PlaybackControls';
import { RunControls } from './controls/RunControls';
import { ScenarioControls } from './controls/ScenarioControls';
import { Timeline } from './controls/Timeline';
import { UndoRedo } from './controls/UndoRedo';
import { ErrorBanner } from './ErrorBanner';
import { Caption } from './explain/Caption';
import { ExplainPanel } from './explain/ExplainPanel';
import { MacTablePanel } from './explain/MacTablePanel';
import { Header } from './Header';
import { LessonSlot } from './lessons/LessonSlot';
import { Outcome } from './outcome/Outcome';
import { RunSummary } from './outcome/RunSummary';
import { PresenterLayer } from './presenter/PresenterLayer';
import { UpdatePrompt } from './status/UpdatePrompt';
import { WorkStatus } from './status/WorkStatus';
import { ScenarioFiles } from './sharing/ScenarioFiles';
import { SharingBar } from './sharing/SharingBar';
import { SharingNotices } from './sharing/SharingNotices';
import { Legend } from './stage/Legend';

/**
 * The drawing (d3, the topology view and layout, pan, zoom and drag) has nothing to show before the
 * simulation worker sends its first topology, and the worker's own, larger script loads and starts
 * first: so its code loads beside the worker's rather than ahead of the first paint.
 */
const TopologyStage = lazy(() => import('./stage/TopologyStage').then((m) => ({ default: m.TopologyStage })));

const EventLog = lazy(() => import('./explain/EventLog').then((m) => ({ default: m.EventLog })));
const HostPanel = lazy(() => import('./host/HostPanel').then((m) => ({ default: m.HostPanel })));
const Inspector = lazy(() => import('./explain/Inspector').then((m) => ({ default: m.Inspector })));
const BucketMap = lazy(() => import('./explain/BucketMap').then((m) => ({ default: m.BucketMap })));
const Charts = lazy(() => import('./explain/Charts').then((m) => ({ default: m.Charts })));
const ComparisonPanel = lazy(() =>
  import('./outcome/ComparisonPanel').then((m) => ({ default: m.ComparisonPanel })),
);
const ExportPanel = lazy(() => import('./sharing/ExportPanel').then((m) => ({ default: m.ExportPanel })));
const SplitView = lazy(() => import('./split/SplitView').then((m) => ({ default: m.SplitView })));
const SplitLegend = lazy(() => import('./split/SplitLegend').then((m) => ({ default: m.SplitLegend })));

/** A part loaded on demand: its fallback while it loads, and an alert instead of a blank page if it cannot. */
function OnDemand({ fallback, children }: { fallback: ReactNode; children: ReactNode }) {
  return (
    <LoadBoundary>
      <Suspense fallback={fallback}>{children}</Suspense>
    </LoadBoundary>
  );
}

/**
 * Stands in for the drawing while its code loads: the same frame, with the words the drawing itself
 * shows until the first topology (so nothing moves or is announced twice when it takes over).
 */
function StageLoading() {
  return (
    <div className="topology-wrap">
      <div className="topology-stage">
        <p className="stage-waiting">Starting the simulation…</p>
      </div>
    </div>
  );
}

/** Stands in for a lazily loaded panel: the same heading (so the column keeps its shape) and a note. */
function PanelLoading({ id, title }: { id: 'inspector' | 'buckets' | 'charts'; title: string }) {
  return (
    <ExplainPanel id={id} title={title}>
      <p className="explain-note" role="status">
        Loading {title.toLowerCase()}…
      </p>
    </ExplainPanel>
  );
}

export function App() {
  const start = useLab((s) => s.start);
  useEffect(() => start(), [start]);
  // Split view: two labs side by side, each with its own client controls, drawing and outcome.
  const split = useSplit((s) => s.on);
  return (
    <div className={split ? 'app split-on' : 'app'}>
      <Header />
      <SharingBar />
      <main className="app-main">
        <ErrorBanner />
        <UpdatePrompt />
        <WorkStatus />
        <SharingNotices />
        <PresenterLayer />
        <div className="toolbar">
          {/* In split view each lab has its own client controls. */}
          {!split && <ScenarioControls />}
          <ClusterSettings />
        </div>
        <div className="transport">
          <PlaybackControls />
          <UndoRedo />
          <Timeline />
        </div>
        <div className="workspace">
          {split ? (
            <section className="stage split-stage" aria-label="Simulation">
              <LessonSlot />
              <OnDemand
                fallback={
                  <p className="lazy-fallback" role="status">
                    Opening split view…
                  </p>
                }
              >
                <SplitView />
              </OnDemand>
            </section>
          ) : (
            <section className="stage" aria-label="Simulation">
              <LessonSlot />
              <OnDemand fallback={<StageLoading />}>
                <TopologyStage />
              </OnDemand>
              <Legend />
              <Caption />
              <OnDemand
                fallback={
                  <section className="event-log" aria-label="Event log">
                    <p className="explain-note" role="status">
                      Loading the event log…
                    </p>
                  </section>
                }
              >
                <EventLog />
              </OnDemand>
            </section>
          )}
          <aside className="side" aria-label="Results">
            <RunControls />
            {/* In split view the labs take the stage's height; the key moves beside them and explains both. */}
            {split && (
              <OnDemand fallback={<Legend />}>
                <SplitLegend />
              </OnDemand>
            )}
            {/* In split view each lab shows its own run summary and outcome. */}
            {!split && <RunSummary />}
            {!split && <Outcome />}
            <MacTablePanel />
            <OnDemand
              fallback={
                <p className="host-panel-hint" role="status">
                  Loading host details…
                </p>
              }
            >
              <HostPanel />
            </OnDemand>
            <OnDemand fallback={<PanelLoading id="inspector" title="Packet inspector" />}>
              <Inspector />
            </OnDemand>
            <OnDemand fallback={<PanelLoading id="buckets" title="Bucket map" />}>
              <BucketMap />
            </OnDemand>
            <OnDemand fallback={<PanelLoading id="charts" title="Charts" />}>
              <Charts />
            </OnDemand>
            <OnDemand
              fallback={
                <p className="lazy-fallback" role="status">
                  Loading the comparison…
                </p>
              }
            >
              <ComparisonPanel />
            </OnDemand>
            <OnDemand
              fallback={
                <p className="lazy-fallback" role="status">
                  Loading capture and export…
                </p>
              }
            >
              <ExportPanel />
            </OnDemand>
            <ScenarioFiles />
          </aside>
        </div>
      </main>
    </div>
  );
}
