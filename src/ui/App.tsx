// The page: header, controls, the drawing with its narration, and the outcome panel.
// Starts the simulation worker once on mount; everything else flows through the store.
import { useEffect } from 'react';
import { useLab } from '../state/store';
import { ClusterSettings } from './ClusterSettings';
import { ErrorBanner } from './ErrorBanner';
import { ExportPanel } from './ExportPanel';
import { Header } from './Header';
import { HostPanel } from './HostPanel';
import { Legend } from './Legend';
import { BucketMap } from './BucketRing';
import { Charts } from './Charts';
import { Inspector } from './Inspector';
import { Caption, EventLog } from './Narration';
import { Outcome } from './Outcome';
import { PlaybackControls } from './PlaybackControls';
import { RunControls, RunSummary } from './RunControls';
import { ScenarioControls } from './ScenarioControls';
import { PresenterLayer } from './PresenterMode';
import { LessonSlot, ScenarioFiles, SharingBar, SharingNotices } from './SharePanel';
import { Timeline } from './Timeline';
import { TopologyStage } from './TopologyStage';

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
          <Timeline />
        </div>
        <div className="workspace">
          <section className="stage" aria-label="Simulation">
            <LessonSlot />
            <TopologyStage />
            <Legend />
            <Caption />
            <EventLog />
          </section>
          <aside className="side" aria-label="Results">
            <RunControls />
            <RunSummary />
            <Outcome />
            <HostPanel />
            <Inspector />
            <BucketMap />
            <Charts />
            <ExportPanel />
            <ScenarioFiles />
          </aside>
        </div>
      </main>
    </div>
  );
}
