// The load balancers a cluster can have and the names the `Load balancer` combobox shows (CONTRACT.md).
import type { BalancerKind } from './types';

export const BALANCER_KINDS = [
  'nlb',
  'lvsDr',
  'gcpInternal',
  'azureIlb',
  'awsNlb',
  'kubeProxy',
  'haproxy',
] as const satisfies readonly BalancerKind[];

export const BALANCER_NAMES: Record<BalancerKind, string> = {
  nlb: 'Windows NLB',
  lvsDr: 'Linux LVS direct routing',
  gcpInternal: 'Google Cloud internal passthrough',
  azureIlb: 'Azure internal load balancer',
  awsNlb: 'AWS Network Load Balancer',
  kubeProxy: 'Kubernetes Service (kube-proxy)',
  haproxy: 'Proxy (HAProxy)',
};
