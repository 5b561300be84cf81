import { useEffect, useRef } from 'react';
import cytoscape from 'cytoscape';
import { useStore } from 'zustand';
import { useRuntime } from '../runtime';
import { prefsStore, t, useT } from '../state/prefs';
import { viewStore } from '../state/view';
import { ContextMenu } from './ContextMenu';
import { Inspector } from './Inspector';
import { LayoutEngine, POD_H, POD_W, type Layout } from './layout';
import { buildGraph, UNSCHEDULED, type GraphModel } from './model';
import { graphRegistry } from './registry';
import { graphStyle } from './style';

interface Desired {
  group: 'nodes' | 'edges';
  data: Record<string, unknown>;
  classes: string;
  parent?: string;
  position?: { x: number; y: number };
}

/** Every element the canvas should have, keyed by id, in the order they can be added. */
function desiredElements(model: GraphModel, layout: Layout): Map<string, Desired> {
  const out = new Map<string, Desired>();
  for (const n of model.nodes) {
    const lane = layout.lanes.get(n.id);
    if (!lane) continue;
    out.set(n.id, {
      group: 'nodes',
      data: { id: n.id, label: n.id === UNSCHEDULED ? n.label : `${n.label}  ${n.status}`, kind: n.kind },
      classes: `lane state-${n.state}${n.id === UNSCHEDULED ? ' bucket' : ''}`,
    });
    // Two invisible corner anchors give the lane its size whatever pods it holds.
    out.set(`${n.id}::tl`, {
      group: 'nodes',
      data: { id: `${n.id}::tl` },
      classes: 'anchor',
      parent: n.id,
      position: { x: lane.x, y: lane.y },
    });
    out.set(`${n.id}::br`, {
      group: 'nodes',
      data: { id: `${n.id}::br` },
      classes: 'anchor',
      parent: n.id,
      position: { x: lane.x + lane.w, y: lane.y + lane.h },
    });
  }
  for (const n of model.nodes) {
    if (layout.lanes.has(n.id)) continue;
    const position = layout.positions.get(n.id);
    if (!position) continue;
    const controller = n.kind !== 'Pod' && n.column > 0 ? ' controller' : '';
    out.set(n.id, {
      group: 'nodes',
      data: { id: n.id, label: n.label, kind: n.kind },
      classes: `kind-${n.kind.toLowerCase()} state-${n.state}${n.broken ? ' broken' : ''}${controller}`,
      ...(n.parent ? { parent: n.parent } : {}),
      position,
    });
  }
  for (const e of model.edges) {
    if (!out.has(e.source) || !out.has(e.target)) continue;
    // Edges bow in proportion to their length, so that an edge to the third pod of a row
    // arcs over the first two instead of running through them.
    const a = layout.positions.get(e.source);
    const b = layout.positions.get(e.target);
    const bow = a && b ? -Math.round(0.14 * Math.hypot(b.x - a.x, b.y - a.y)) : 0;
    out.set(e.id, {
      group: 'edges',
      data: { id: e.id, source: e.source, target: e.target, bow },
      classes: `edge-${e.kind}`,
    });
  }
  return out;
}

/**
 * Bring the canvas to `want`, touching only elements whose description changed since `prev`
 * (Cytoscape lookups allocate collections: with a thousand elements, looking each one up every
 * frame is what costs). New elements fade in and moved ones glide, unless the batch is large.
 */
function sync(
  cy: cytoscape.Core,
  want: Map<string, Desired>,
  prev: Map<string, string>,
  animate: boolean,
): Map<string, string> {
  const next = new Map<string, string>();
  const changed: [string, Desired][] = [];
  for (const [id, d] of want) {
    const sig = JSON.stringify(d);
    next.set(id, sig);
    if (prev.get(id) !== sig) changed.push([id, d]);
  }
  const removed = [...prev.keys()].filter((id) => !want.has(id));
  const small = changed.length + removed.length <= 40;
  cy.batch(() => {
    for (const id of removed) cy.getElementById(id).remove();
    for (const [id, d] of changed) {
      let ele = cy.getElementById(id);
      if (ele.empty()) {
        ele = cy.add({
          group: d.group,
          data: { ...d.data, ...(d.parent ? { parent: d.parent } : {}) },
          classes: d.classes,
          ...(d.position ? { position: { ...d.position } } : {}),
        });
        if (
          animate &&
          small &&
          d.group === 'nodes' &&
          !d.classes.includes('anchor') &&
          !d.classes.includes('lane')
        ) {
          ele.style('opacity', 0);
          ele.animate(
            { style: { opacity: 1 } },
            { duration: 350, complete: () => void ele.removeStyle('opacity') },
          );
        }
        continue;
      }
      ele.data(d.data);
      ele.classes(d.classes);
      if (d.group === 'nodes') {
        const node = ele as cytoscape.NodeSingular;
        const parent = node.parent().first();
        const currentParent = parent.nonempty() ? parent.id() : undefined;
        if (currentParent !== d.parent)
          ele = node.move({ parent: d.parent ?? null }) as unknown as cytoscape.CollectionReturnValue;
        if (d.position) {
          const p = (ele as cytoscape.NodeSingular).position();
          if (p.x !== d.position.x || p.y !== d.position.y) {
            if (animate && small && !d.classes.includes('anchor'))
              ele.animate({ position: { ...d.position } }, { duration: 300 });
            else (ele as cytoscape.NodeSingular).position({ ...d.position });
          }
        }
      }
    }
  });
  return next;
}

/** The area the layout uses, in model coordinates (cheaper than asking Cytoscape). */
function extentOf(l: Layout): { x1: number; y1: number; x2: number; y2: number } {
  const b = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
  for (const r of l.lanes.values()) {
    b.x1 = Math.min(b.x1, r.x);
    b.y1 = Math.min(b.y1, r.y - 20);
    b.x2 = Math.max(b.x2, r.x + r.w);
    b.y2 = Math.max(b.y2, r.y + r.h);
  }
  for (const p of l.positions.values()) {
    b.x1 = Math.min(b.x1, p.x - POD_W / 2);
    b.y1 = Math.min(b.y1, p.y - POD_H / 2);
    b.x2 = Math.max(b.x2, p.x + POD_W / 2);
    b.y2 = Math.max(b.y2, p.y + POD_H / 2);
  }
  return b;
}

function contains(
  outer: { x1: number; y1: number; x2: number; y2: number },
  inner: { x1: number; y1: number; x2: number; y2: number },
): boolean {
  return inner.x1 >= outer.x1 && inner.y1 >= outer.y1 && inner.x2 <= outer.x2 && inner.y2 <= outer.y2;
}

/** Fit everything, but do not blow a small cluster up beyond its natural size. */
function fitGraph(cy: cytoscape.Core): void {
  cy.fit(undefined, 24);
  if (cy.zoom() > 1.1) {
    cy.zoom(1.1);
    cy.center();
  }
}

/** The live picture of the cluster. */
export function GraphView() {
  const rt = useRuntime();
  const tr = useT();
  const ref = useRef<HTMLDivElement>(null);
  const cyRef = useRef<cytoscape.Core | null>(null);
  const userMoved = useRef(false);
  const namespace = useStore(prefsStore, (p) => p.namespace);
  // Selectors that return strings and booleans: React re-renders only when these change, not
  // on every tick (the canvas itself is updated imperatively).
  const namespaces = useStore(rt.mirror, (m) =>
    [...m.objects.values()]
      .filter((o) => o.object.kind === 'Namespace')
      .map((o) => o.object.metadata.name!)
      .sort()
      .join('\n'),
  )
    .split('\n')
    .filter(Boolean);
  const isEmpty = useStore(
    rt.mirror,
    (m) =>
      ![...m.objects.values()].some(
        (o) => o.object.kind === 'Pod' && (namespace === null || o.object.metadata.namespace === namespace),
      ),
  );

  useEffect(() => {
    const el = ref.current!;
    const cy = cytoscape({
      container: el,
      style: graphStyle(prefsStore.getState().theme),
      elements: [],
      layout: { name: 'preset' },
      minZoom: 0.08,
      maxZoom: 2.5,
      wheelSensitivity: 0.3,
      textureOnViewport: true,
      boxSelectionEnabled: false,
      autoungrabify: true,
    });
    cyRef.current = cy;
    graphRegistry.cy = cy;
    const layout = new LayoutEngine();
    let prev = new Map<string, string>();
    let programmatic = false;
    let drawnOnce = false;
    /** Colour transitions only while the picture is small (see graphStyle). */
    let animated = true;
    const ANIMATION_LIMIT = 150;
    const fit = () => {
      programmatic = true;
      fitGraph(cy);
      programmatic = false;
    };
    cy.on('viewport', () => {
      if (!programmatic) userMoved.current = true;
    });
    const render = () => {
      const m = rt.mirror.getState();
      const model = buildGraph(m.objects.values(), {
        namespace: prefsStore.getState().namespace,
        unscheduledLabel: t('graph.unscheduled'),
      });
      const laid = layout.compute(model);
      const want = desiredElements(model, laid);
      const tSync = performance.now();
      const animate = model.nodes.length < ANIMATION_LIMIT;
      if (animate !== animated) {
        animated = animate;
        cy.style(graphStyle(prefsStore.getState().theme, animate));
      }
      prev = sync(cy, want, prev, drawnOnce && animated);
      performance.measure('breakfix:graph:sync', { start: tSync, duration: performance.now() - tSync });
      graphRegistry.model = model;
      // Re-fit only when something would be out of view (and the learner has not panned or
      // zoomed): a picture that moves on every change is hard to read.
      if (!userMoved.current && (!drawnOnce || !contains(cy.extent(), extentOf(laid)))) fit();
      drawnOnce = true;
    };
    // The mirror changes at most once a frame; the picture follows at a pace it can afford: the
    // next render waits four times as long as the last one took (a 5 ms render → at most every
    // 20 ms; a 40 ms one with 500 pods → every 160 ms), so drawing never eats the frame budget.
    let pending = 0;
    let nextAt = 0;
    const schedule = () => {
      if (pending) return;
      const wait = Math.max(0, nextAt - performance.now());
      pending = window.setTimeout(() => {
        pending = 0;
        requestAnimationFrame(() => {
          const t0 = performance.now();
          render();
          const took = performance.now() - t0;
          // User Timing, for the performance measurements (bench/ui.measure.mjs) and DevTools.
          performance.measure('breakfix:graph', { start: t0, duration: took });
          nextAt = performance.now() + Math.min(1000, took * 4);
        });
      }, wait);
    };
    render();
    const unMirror = rt.mirror.subscribe((s, p) => {
      if (s.objects !== p.objects) schedule();
    });
    const unPrefs = prefsStore.subscribe((p, old) => {
      if (p.namespace !== old.namespace || p.locale !== old.locale) schedule();
      if (p.theme !== old.theme) cy.style(graphStyle(p.theme, animated));
    });
    cy.on('tap', 'node', (e) => {
      const id = (e.target as cytoscape.NodeSingular).id();
      if (id === UNSCHEDULED || id.includes('::') || !rt.mirror.getState().objects.has(id)) return;
      viewStore.setState({ selected: id, menu: null });
    });
    cy.on('cxttap', 'node', (e) => {
      const id = (e.target as cytoscape.NodeSingular).id();
      if (!rt.mirror.getState().objects.has(id)) return;
      viewStore.setState({ menu: { uid: id, x: e.renderedPosition.x, y: e.renderedPosition.y } });
    });
    cy.on('tap cxttap', (e) => {
      if (e.target === cy) viewStore.setState({ menu: null });
    });
    const ro = new ResizeObserver(() => {
      cy.resize();
      if (!userMoved.current) fit();
    });
    ro.observe(el);
    return () => {
      clearTimeout(pending);
      ro.disconnect();
      unMirror();
      unPrefs();
      graphRegistry.cy = null;
      cy.destroy();
    };
  }, [rt]);

  return (
    <section className="panel graph-panel">
      <div className="graph-toolbar">
        <label>
          {tr('graph.namespace')}{' '}
          <select
            data-testid="namespace-filter"
            value={namespace ?? ''}
            onChange={(e) => prefsStore.setState({ namespace: e.target.value || null })}
          >
            <option value="">{tr('graph.allNamespaces')}</option>
            {namespaces.map((ns) => (
              <option key={ns} value={ns}>
                {ns}
              </option>
            ))}
          </select>
        </label>
        <button
          data-testid="graph-fit"
          onClick={() => {
            userMoved.current = false;
            if (cyRef.current) fitGraph(cyRef.current);
          }}
        >
          {tr('graph.fit')}
        </button>
        <Legend />
      </div>
      <div className="graph-area">
        <div ref={ref} className="graph-canvas" data-testid="graph" />
        {isEmpty && <div className="graph-empty">{tr('graph.empty')}</div>}
        <ContextMenu />
        <Inspector />
      </div>
    </section>
  );
}

function Legend() {
  const states: [string, string][] = [
    ['Pending', '#8a8f98'],
    ['ContainerCreating', '#3f7fd1'],
    ['Running', '#8aa83b'],
    ['Ready', '#2e9d5b'],
    ['Error / BackOff', '#d64545'],
    ['Completed', '#4b5563'],
  ];
  return (
    <span className="legend" aria-hidden>
      {states.map(([name, colour]) => (
        <span key={name} className="legend-item">
          <i style={{ background: colour }} />
          {name}
        </span>
      ))}
    </span>
  );
}
