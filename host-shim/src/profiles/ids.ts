/**
 * Ids of the host tables, oldest first per family. A release names one of them
 * (releases.ts); tables live in upstream.ts and higress-fork.ts.
 */
export const HOST_TABLE_IDS = [
  'envoy-1.26',
  'envoy-1.27',
  'envoy-1.29',
  'envoy-1.32.0',
  'envoy-1.32.13',
  'envoy-1.35',
  'envoy-1.37',
  'envoy-1.38',
  'envoy-main',
  'higress-2.0',
  'higress-2.0.7',
  'higress-2.1',
  'higress-2.2',
] as const;
