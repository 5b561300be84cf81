/**
 * `window.__breakfix`: a read-only view of the page for tests and curious learners. Every call
 * returns a fresh frozen copy; nothing here can change the cluster.
 *
 *   __breakfix.graph()      elements (id, kind, name, namespace, status, state, parent, edges,
 *                           page position) and edges (id, kind, source, target)
 *   __breakfix.terminals()  each tab's text, cursor, history, whether a command runs, how many
 *                           finished; `terminals({ text: false })` without the text
 *   __breakfix.time()       simulated time (ms and ISO), speed
 *   __breakfix.editor()     tabs, the active one, Monaco's validation markers
 *   __breakfix.ready()      whether the session is up
 */
import { editorStore } from './state/editor';
import { terminalsStore } from './state/terminals';
import { editorRegistry } from './editor/registry';
import { graphRegistry } from './graph/registry';
import type { Runtime } from './runtime';
import { screenText, terminalRegistry } from './terminal/registry';

const deepFreeze = <T>(x: T): T => {
  if (x && typeof x === 'object') {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
};

export function debugHandle(rt: Runtime) {
  return Object.freeze({
    version: 1,
    ready: () => rt.mirror.getState().ready,
    graph() {
      const { model, cy } = graphRegistry;
      const rect = cy?.container()?.getBoundingClientRect();
      const nodes = model.nodes.map((n) => {
        const ele = cy?.getElementById(n.id);
        const rp = ele && ele.nonempty() ? ele.renderedPosition() : undefined;
        const bb = ele && ele.nonempty() ? ele.renderedBoundingBox({}) : undefined;
        return {
          id: n.id,
          kind: n.kind,
          name: n.name,
          namespace: n.namespace ?? null,
          status: n.status,
          state: n.state,
          parent: n.parent ?? null,
          broken: !!n.broken,
          edges: model.edges
            .filter((e) => e.source === n.id || e.target === n.id)
            .map((e) => ({ id: e.id, kind: e.kind, source: e.source, target: e.target })),
          page: rp && rect ? { x: rect.left + rp.x, y: rect.top + rp.y } : null,
          box:
            bb && rect
              ? { x1: rect.left + bb.x1, y1: rect.top + bb.y1, x2: rect.left + bb.x2, y2: rect.top + bb.y2 }
              : null,
        };
      });
      const edges = model.edges.map((e) => ({ ...e }));
      return deepFreeze({ nodes, edges });
    },
    /** `{ text: false }` skips serialising the screens (cheap enough to poll). */
    terminals(opts: { text?: boolean } = {}) {
      const { tabs, active } = terminalsStore.getState();
      return deepFreeze(
        tabs.map((t) => {
          const h = terminalRegistry.get(t.id);
          const buf = h?.term.buffer.active;
          return {
            id: t.id,
            active: t.id === active,
            text: h && opts.text !== false ? screenText(h.term) : '',
            cursor: buf ? { x: buf.cursorX, y: buf.cursorY } : null,
            running: h?.controller.isRunning ?? false,
            completed: h?.controller.completed ?? 0,
            writing: h?.pendingWrites?.() ?? 0,
            history: [...(h?.controller.history ?? [])],
          };
        }),
      );
    },
    time() {
      const m = rt.mirror.getState();
      return deepFreeze({ now: m.now, iso: new Date(m.now).toISOString(), speed: m.speed });
    },
    editor() {
      const { tabs, active } = editorStore.getState();
      const monaco = editorRegistry.monaco;
      const markers = monaco
        ? monaco.editor.getModelMarkers({}).map((m) => ({
            resource: m.resource.toString(),
            message: m.message,
            severity: m.severity,
            line: m.startLineNumber,
          }))
        : [];
      return deepFreeze({
        active,
        loaded: !!monaco,
        tabs: tabs.map((t) => ({
          id: t.id,
          kind: t.kind,
          path: t.path,
          dirty: t.content !== t.saved,
          content: t.content,
        })),
        markers,
      });
    },
    saveStatus: () => rt.saveStatus.getState().status,
    /** Which engine faults and records the worker found (the context menu enables these). */
    capabilities: () => deepFreeze({ ...rt.mirror.getState().capabilities }),
  });
}

declare global {
  interface Window {
    __breakfix?: ReturnType<typeof debugHandle>;
  }
}
