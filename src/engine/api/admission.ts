/**
 * Admission: hooks that see every write before it is stored and may change it (mutating) or veto
 * it by throwing a StatusError (validating), like the apiserver's admission chain. Mutating
 * plugins run after decoding and defaulting; validating plugins run after the strategy's own
 * validation, just before the store write. Later issues add ResourceQuota, LimitRanger,
 * PodSecurity, ServiceAccount … with `ApiServer.admission.register(plugin)`.
 *
 * The one plugin built in here is NamespaceLifecycle: objects can only be created in a namespace
 * that exists and is not being terminated, and the system namespaces cannot be deleted.
 */
import type { KubeObject } from '../../api/types';
import { newForbidden, newNotFound } from './errors';
import type { ResourceInfo } from './registry';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface AdmissionAttributes {
  operation: AdmissionOperation;
  info: ResourceInfo;
  /** `''` for the main resource, else `status`, `scale`, `binding` … */
  subresource: string;
  namespace: string;
  /** May be empty on CREATE with generateName (the name is generated after admission). */
  name: string;
  /** The incoming object (CREATE, UPDATE); mutating plugins may modify it. */
  object?: KubeObject;
  /** The stored object (UPDATE, DELETE), frozen. */
  oldObject?: KubeObject;
  dryRun: boolean;
  userAgent?: string;
}

/** Read access to the cluster for plugins (the informer caches a real plugin would use). */
export interface AdmissionContext {
  now: number;
  get(group: string, resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(group: string, resource: string, namespace?: string): KubeObject[];
}

export interface AdmissionPlugin {
  name: string;
  /** Mutating phase: may modify `attrs.object`; throw a StatusError to reject. */
  admit?(attrs: AdmissionAttributes, ctx: AdmissionContext): void;
  /** Validating phase: must not modify; throw a StatusError to reject. */
  validate?(attrs: AdmissionAttributes, ctx: AdmissionContext): void;
}

export class AdmissionChain {
  private readonly plugins: AdmissionPlugin[] = [];

  /** Add a plugin at the end of the chain (or replace one with the same name in place). */
  register(plugin: AdmissionPlugin): void {
    const i = this.plugins.findIndex((p) => p.name === plugin.name);
    if (i >= 0) this.plugins[i] = plugin;
    else this.plugins.push(plugin);
  }

  unregister(name: string): void {
    const i = this.plugins.findIndex((p) => p.name === name);
    if (i >= 0) this.plugins.splice(i, 1);
  }

  names(): string[] {
    return this.plugins.map((p) => p.name);
  }

  admit(attrs: AdmissionAttributes, ctx: AdmissionContext): void {
    for (const p of this.plugins) p.admit?.(attrs, ctx);
  }

  validate(attrs: AdmissionAttributes, ctx: AdmissionContext): void {
    for (const p of this.plugins) p.validate?.(attrs, ctx);
  }
}

/** Namespaces that can never be deleted (NamespaceLifecycle's immortal namespaces). */
export const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];

/** plugin/pkg/admission/namespace/lifecycle. */
export const namespaceLifecycle: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  admit(attrs, ctx) {
    const { info } = attrs;
    if (info.group === '' && info.resource === 'namespaces') {
      if (
        attrs.operation === 'DELETE' &&
        attrs.subresource === '' &&
        IMMORTAL_NAMESPACES.includes(attrs.name)
      )
        throw newForbidden(
          { group: '', resource: 'namespaces' },
          attrs.name,
          'this namespace may not be deleted',
        );
      return;
    }
    if (!info.namespaced || attrs.operation !== 'CREATE') return;
    const ns = ctx.get('', 'namespaces', undefined, attrs.namespace);
    if (!ns) throw newNotFound({ group: '', resource: 'namespaces' }, attrs.namespace);
    const phase = (ns as { status?: { phase?: string } }).status?.phase;
    if (phase === 'Terminating') {
      throw newForbidden(
        { group: info.group, resource: info.resource },
        // admission.NewForbidden: the name, else the generateName (not generated yet), else "Unknown".
        attrs.name || attrs.object?.metadata?.name || attrs.object?.metadata?.generateName || 'Unknown',
        `unable to create new content in namespace ${attrs.namespace} because it is being terminated`,
        [
          {
            reason: 'NamespaceTerminating',
            message: `namespace ${attrs.namespace} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      );
    }
  },
};
