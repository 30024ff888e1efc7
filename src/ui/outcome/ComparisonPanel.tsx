// The `Comparison` region: the same batch of connections from a backend, through every load balancer.
// (Being built: the worker runs src/sim/comparison.ts and this panel shows its table.)
export function ComparisonPanel() {
  return null;
}
