/**
 * The chapter map: lessons grouped by chapter, in order, with their prerequisites, and what the
 * learner may open now (from saved progress and from what the simulator can do).
 */
import type { ProgressBook } from './progress';
import type { Capability, LessonSpec, Text } from './types';

export interface CatalogEntry {
  id: string;
  chapter: number;
  order: number;
  title: Text;
  summary?: Text;
  prerequisites: string[];
  /** Capabilities the whole lesson needs. */
  requires: Capability[];
  /** Further capabilities some of its steps need (the lesson can be started without them). */
  stepRequires: Capability[];
}

export interface Catalog {
  chapters: { chapter: number; lessons: CatalogEntry[] }[];
  byId: Record<string, CatalogEntry>;
}

export type LessonStatus = 'locked' | 'available' | 'in-progress' | 'finished' | 'unavailable';

export function catalogEntry(spec: LessonSpec): CatalogEntry {
  const requires = new Set<Capability>(spec.requires ?? []);
  const stepRequires = new Set<Capability>();
  for (const s of spec.steps) for (const r of s.requires ?? []) if (!requires.has(r)) stepRequires.add(r);
  const entry: CatalogEntry = {
    id: spec.id,
    chapter: spec.chapter,
    order: spec.order,
    title: spec.title,
    prerequisites: spec.prerequisites ?? [],
    requires: [...requires].sort(),
    stepRequires: [...stepRequires].sort(),
  };
  if (spec.summary) entry.summary = spec.summary;
  return entry;
}

/** Build the map; throws when a prerequisite is unknown or prerequisites form a cycle. */
export function buildCatalog(specs: readonly LessonSpec[]): Catalog {
  const entries = specs.map(catalogEntry).sort((a, b) => a.chapter - b.chapter || a.order - b.order || (a.id < b.id ? -1 : 1));
  const byId: Record<string, CatalogEntry> = {};
  for (const e of entries) {
    if (byId[e.id]) throw new Error(`lesson ${e.id} is defined twice`);
    byId[e.id] = e;
  }
  for (const e of entries)
    for (const p of e.prerequisites) if (!byId[p]) throw new Error(`lesson ${e.id}: unknown prerequisite ${p}`);
  // Depth-first search for a cycle.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`prerequisites form a cycle: ${[...path, id].join(' → ')}`);
    state.set(id, 'visiting');
    for (const p of byId[id]!.prerequisites) visit(p, [...path, id]);
    state.set(id, 'done');
  };
  for (const e of entries) visit(e.id, []);
  const chapters: Catalog['chapters'] = [];
  for (const e of entries) {
    const last = chapters[chapters.length - 1];
    if (last && last.chapter === e.chapter) last.lessons.push(e);
    else chapters.push({ chapter: e.chapter, lessons: [e] });
  }
  return { chapters, byId };
}

/**
 * A lesson is `unavailable` while the simulator lacks something the whole lesson requires (`has` answers for
 * a capability), `locked` until its prerequisites are finished, then available / in progress /
 * finished from the saved progress.
 */
export function lessonStatus(
  catalog: Catalog,
  id: string,
  book: ProgressBook,
  has: (c: Capability) => boolean = () => true,
): LessonStatus {
  const entry = catalog.byId[id];
  if (!entry) throw new Error(`unknown lesson ${id}`);
  if (entry.requires.some((c) => !has(c))) return 'unavailable';
  const progress = book.lessons[id];
  if (progress?.finished) return 'finished';
  if (entry.prerequisites.some((p) => !book.lessons[p]?.finished)) return 'locked';
  return progress ? 'in-progress' : 'available';
}
