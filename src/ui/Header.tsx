// The page header: what VIP Lab shows, in two short sentences (the Key says the bucket hash is
// illustrative), and the `Split view` button. Kept to two lines so the drawing keeps its room at
// 1280x720.
import { SplitToggle } from './split/SplitToggle';

export function Header() {
  return (
    <header className="app-header">
      <h1>
        VIP Lab <span className="subtitle">Windows NLB · KB Q247768</span>
      </h1>
      <p className="intro">
        Outside the cluster, a client is <strong>balanced</strong> across the hosts. On a host, a client
        calling the VIP is <strong>looped back</strong>: no wire, no failover.
      </p>
      <SplitToggle />
    </header>
  );
}
