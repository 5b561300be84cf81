/**
 * The informer's local cache (client-go tools/cache Indexer): objects by key, plus secondary
 * indexes such as "all objects in namespace X". It only ever holds frozen objects, and only the
 * informer writes to it; controllers read it through listers.
 */
import type { KubeObject } from '../../../api/types';
import { metaNamespaceKey } from './objects';

/** Computes the index values of an object (cache.IndexFunc). */
export type IndexFunc<T> = (obj: T) => string[];

export const NAMESPACE_INDEX = 'namespace';

/** cache.MetaNamespaceIndexFunc: index objects by their namespace. */
export const metaNamespaceIndexFunc: IndexFunc<KubeObject> = (obj) => [obj.metadata.namespace ?? ''];

export class Indexer<T extends KubeObject = KubeObject> {
  private items = new Map<string, T>();
  /** index name → index value → keys. */
  private indices = new Map<string, Map<string, Set<string>>>();
  private indexers = new Map<string, IndexFunc<T>>();

  constructor(indexers: Record<string, IndexFunc<T>> = {}) {
    this.addIndexers({ [NAMESPACE_INDEX]: metaNamespaceIndexFunc as IndexFunc<T>, ...indexers });
  }

  /** Add indexes (also to an already populated cache). */
  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexers.has(name)) continue;
      this.indexers.set(name, fn);
      const index = new Map<string, Set<string>>();
      this.indices.set(name, index);
      for (const [key, obj] of this.items) this.addToIndex(index, fn, key, obj);
    }
  }

  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  /** Every cached object, ordered by key so that iteration is deterministic. */
  list(): T[] {
    return [...this.items.keys()].sort().map((k) => this.items.get(k)!);
  }

  listKeys(): string[] {
    return [...this.items.keys()].sort();
  }

  /** Objects whose index `name` contains `value`, ordered by key. */
  byIndex(name: string, value: string): T[] {
    const index = this.indices.get(name);
    if (!index) throw new Error(`index ${name} does not exist`);
    return [...(index.get(value) ?? [])].sort().map((k) => this.items.get(k)!);
  }

  get size(): number {
    return this.items.size;
  }

  /** Insert or replace (informer only). */
  put(obj: T): void {
    const key = metaNamespaceKey(obj);
    const old = this.items.get(key);
    this.items.set(key, obj);
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name)!;
      if (!old) {
        this.addToIndex(index, fn, key, obj);
        continue;
      }
      // An update usually keeps its index values (namespace, node, owner): nothing to move then.
      const before = fn(old);
      const after = fn(obj);
      if (before.length === after.length && before.every((v, i) => v === after[i])) continue;
      for (const v of before) {
        const set = index.get(v);
        set?.delete(key);
        if (set && set.size === 0) index.delete(v);
      }
      this.addToIndex(index, fn, key, obj);
    }
  }

  /** Remove by key (informer only). */
  remove(key: string): void {
    const old = this.items.get(key);
    if (!old) return;
    this.items.delete(key);
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name)!;
      for (const v of fn(old)) {
        const set = index.get(v);
        set?.delete(key);
        if (set && set.size === 0) index.delete(v);
      }
    }
  }

  private addToIndex(index: Map<string, Set<string>>, fn: IndexFunc<T>, key: string, obj: T): void {
    for (const v of fn(obj)) {
      let set = index.get(v);
      if (!set) index.set(v, (set = new Set()));
      set.add(key);
    }
  }
}

/** Read access to an informer's cache, as client-go's generated listers give it. */
export class Lister<T extends KubeObject = KubeObject> {
  constructor(private readonly indexer: Indexer<T>) {}

  /** One object by namespace and name (namespace '' for cluster-scoped objects). */
  get(namespace: string, name: string): T | undefined {
    return this.indexer.getByKey(namespace ? `${namespace}/${name}` : name);
  }

  /** All objects, or those of one namespace. */
  list(namespace?: string): T[] {
    return namespace === undefined ? this.indexer.list() : this.indexer.byIndex(NAMESPACE_INDEX, namespace);
  }
}
