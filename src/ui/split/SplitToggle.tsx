// The `Split view` button: two labs side by side, on the same clock (`aria-pressed` says whether
// split view is on).
import { toggleSplit, useSplit } from '../../state/split/splitStore';
// The split view's styles load with the page (the button is in the header; the view itself is fetched when opened).
import './split.css';

export function SplitToggle() {
  const on = useSplit((s) => s.on);
  return (
    <button
      type="button"
      className="split-toggle"
      aria-pressed={on}
      title="Two labs side by side on the same clock: the same traffic, each with its own load balancer and client"
      onClick={toggleSplit}
    >
      Split view
    </button>
  );
}
