/**
 * The API server's public surface for the rest of the engine (cluster composition, controllers,
 * scheduler, kubelets). Hosts and kubectl never import this: they get a KubeClient.
 */
export { ApiServer, type ApiServerOptions } from './server';
export { createLocalClient } from './client';
export {
  AdmissionChain,
  namespaceLifecycle,
  IMMORTAL_NAMESPACES,
  type AdmissionAttributes,
  type AdmissionContext,
  type AdmissionOperation,
  type AdmissionPlugin,
} from './admission';
export {
  Registry,
  builtinResources,
  apiVersionOf,
  parseApiVersion,
  resourceKey,
  type ResourceInfo,
  type SubresourceHandler,
  type SubresourceInfo,
  type SubresourceRequest,
} from './registry';
export { VERSION_INFO } from './discovery';
export { deepClone, rfc3339, parseRfc3339 } from './objects';
export { scaleOf } from './subresources';
export { FINALIZER_FOREGROUND, FINALIZER_ORPHAN } from './delete';
export * from './errors';
