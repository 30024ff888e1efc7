// The page: header, controls, the drawing with its narration, and the outcome panel.
// Starts the simulation worker once on mount; everything else flows through the store.
// The side column's host panel, explaining panels (inspector, bucket map, charts) and export panel load on
// demand, so the first paint only waits for the drawing and the controls.
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useLab } from '../state/store';
import { ClusterSettings } from './ClusterSettings';
import { ErrorBanner } from './ErrorBanner';
import { ExplainPanel } from './ExplainPanel';
import { Header } from './Header';
import { Legend } from './Legend';
import { MacTablePanel } from './MacTablePanel';
import { Caption } from './Caption';
import { Outcome } from './Outcome';
import { PlaybackControls } from './PlaybackControls';
import { RunControls, RunSummary } from './RunControls';
import { ScenarioControls } from './ScenarioControls';
import { PresenterLayer } from './PresenterMode';
import { LessonSlot, LoadBoundary, ScenarioFiles, SharingBar, SharingNotices } from './SharePanel';
import { Timeline } from './Timeline';
import { TopologyStage } from './TopologyStage';
import { UndoRedo } from './UndoRedo';

const EventLog = lazy(() => import('./Narration').then((m) => ({ default: m.EventLog })));
const HostPanel = lazy(() => import('./HostPanel').then((m) => ({ default: m.HostPanel })));
const Inspector = lazy(() => import('./Inspector').then((m) => ({ default: m.Inspector })));
const BucketMap = lazy(() => import('./BucketRing').then((m) => ({ default: m.BucketMap })));
const Charts = lazy(() => import('./Charts').then((m) => ({ default: m.Charts })));
const ExportPanel = lazy(() => import('./ExportPanel').then((m) => ({ default: m.ExportPanel })));

/** A part loaded on demand: its fallback while it loads, and an alert instead of a blank page if it cannot. */
function OnDemand({ fallback, children }: { fallback: ReactNode; children: ReactNode }) {
  return (
    <LoadBoundary>
      <Suspense fallback={fallback}>{children}</Suspense>
    </LoadBoundary>
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
  return (
    <div className="app">
      <Header />
      <SharingBar />
      <main className="app-main">
        <ErrorBanner />
        <SharingNotices />
        <PresenterLayer />
        <div className="toolbar">
          <ScenarioControls />
          <ClusterSettings />
        </div>
        <div className="transport">
          <PlaybackControls />
          <UndoRedo />
          <Timeline />
        </div>
        <div className="workspace">
          <section className="stage" aria-label="Simulation">
            <LessonSlot />
            <TopologyStage />
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
          <aside className="side" aria-label="Results">
            <RunControls />
            <RunSummary />
            <Outcome />
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
