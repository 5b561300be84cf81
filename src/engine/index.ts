/**
 * The engine's public surface. Hosts (the browser worker, the CLI, tests, benchmarks) create a
 * cluster here and talk to it through its KubeClient; nothing else of src/engine is theirs to use.
 */
export { createCluster } from './cluster';
export type { Cluster, ClusterOptions, ClusterPreset, NodeSpecPreset } from './types';
export { SimClock, DEFAULT_START_TIME } from './clock';
export { Rand } from './rand';
export { PRESETS, customPreset, loadPreset, type CustomPresetOptions } from './presets';
