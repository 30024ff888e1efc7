// Stands around a part of the page that is fetched on demand: if its code does not arrive (offline
// before a full visit), an alert says so instead of taking the page down; Dismiss lets it try again.
import { Component, type ReactNode } from 'react';
import { NOT_LOADED } from '../../state/sharing/sharingStore';
import { whyNotLoaded } from '../status/appUpdate';

/**
 * Parts fetched on demand that fail to arrive (offline before a full visit) say so here instead of
 * taking the page down; the next attempt tries again.
 */
export class LoadBoundary extends Component<
  { children: ReactNode; onReset?: () => void },
  { failed: boolean; why: 'versionChanged' | 'network' | null }
> {
  override state: { failed: boolean; why: 'versionChanged' | 'network' | null } = {
    failed: false,
    why: null,
  };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override componentDidCatch(): void {
    // A version change is not a network problem: the Reload prompt (UpdatePrompt) says what to do.
    void whyNotLoaded().then((why) => this.setState({ why }));
  }
  override render() {
    if (!this.state.failed) return this.props.children;
    if (this.state.why !== 'network') return null;
    return (
      <div role="alert" className="sharing-problem">
        <div>
          <p className="sharing-problem-title">Something could not be loaded</p>
          <p>{NOT_LOADED}</p>
        </div>
        <button
          type="button"
          className="quiet"
          onClick={() => {
            this.setState({ failed: false, why: null });
            this.props.onReset?.();
          }}
        >
          Dismiss
        </button>
      </div>
    );
  }
}
