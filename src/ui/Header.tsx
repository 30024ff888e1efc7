// The page header: what VIP Lab shows, in two sentences, and the honesty note about the bucket hash.
export function Header() {
  return (
    <header className="app-header">
      <h1>
        VIP Lab <span className="subtitle">Windows NLB · KB Q247768</span>
      </h1>
      <p className="intro">
        A client <strong>outside</strong> the cluster is balanced across the hosts. A client{' '}
        <strong>on a cluster host</strong> that connects to the cluster VIP is looped back inside its own
        host: nothing reaches the wire, so no load balancing and no failover.{' '}
        <span className="note">The bucket hash is illustrative: the real NLB hash is not public.</span>
      </p>
    </header>
  );
}
