import { useEffect, useMemo, useRef, useState } from 'react';
import type cytoscape from 'cytoscape';
import type Cytoscape from 'cytoscape';
import { useStore } from 'zustand';
import { useRuntime } from '../runtime';
import { selectOnKinds } from '../state/mirror';
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

/** What the canvas was last given for an element: its description and that as a string. */
interface Drawn {
  sig: string;
  d: Desired;
}

const samePoint = (a?: { x: number; y: number }, b?: { x: number; y: number }) =>
  a === b || (!!a && !!b && a.x === b.x && a.y === b.y);

/**
 * Bring the canvas to `want`, touching only elements whose description changed since `prev`,
 * and of those only what changed (Cytoscape lookups allocate collections, and every `data()` or
 * `classes()` call restyles the element and its edges: with a thousand elements that is what
 * costs). New elements fade in and moved ones glide, unless the batch is large.
 */
function sync(
  cy: cytoscape.Core,
  want: Map<string, Desired>,
  prev: Map<string, Drawn>,
  animate: boolean,
): Map<string, Drawn> {
  const next = new Map<string, Drawn>();
  const changed: [string, Desired, Desired | undefined][] = [];
  for (const [id, d] of want) {
    const sig = JSON.stringify(d);
    const before = prev.get(id);
    next.set(id, before && before.sig === sig ? before : { sig, d });
    if (before?.sig !== sig) changed.push([id, d, before?.d]);
  }
  const removed = [...prev.keys()].filter((id) => !want.has(id));
  const small = changed.length + removed.length <= 40;
  cy.batch(() => {
    for (const id of removed) cy.getElementById(id).remove();
    for (const [id, d, before] of changed) {
      let ele = cy.getElementById(id);
      if (ele.empty()) {
        // New, or gone with a removed parent (Cytoscape removes a compound's children with it).
        ele = cy.add({
          group: d.group,
          data: { ...d.data, ...(d.parent ? { parent: d.parent } : {}) },
          classes: d.classes,
          ...(d.position ? { position: { ...d.position } } : {}),
        });
        if (
          animate &&
          small &&
          !before &&
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
      if (!before || JSON.stringify(before.data) !== JSON.stringify(d.data)) ele.data(d.data);
      if (before?.classes !== d.classes) ele.classes(d.classes);
      if (d.group === 'nodes') {
        if (!before || before.parent !== d.parent)
          ele = (ele as cytoscape.NodeSingular).move({
            parent: d.parent ?? null,
          }) as unknown as cytoscape.CollectionReturnValue;
        if (d.position && !samePoint(before?.position, d.position)) {
          if (animate && small && !d.classes.includes('anchor'))
            ele.animate({ position: { ...d.position } }, { duration: 300 });
          else (ele as cytoscape.NodeSingular).position({ ...d.position });
        }
      }
    }
  });
  return next;
}

type Box = { x1: number; y1: number; x2: number; y2: number };

/** The area the layout uses, in model coordinates (cheaper than asking Cytoscape). */
function extentOf(l: Layout): Box {
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

/** Whether `inner` lies inside `outer` (within a unit: the viewport arithmetic rounds). */
function contains(outer: Box, inner: Box): boolean {
  return (
    inner.x1 >= outer.x1 - 1 &&
    inner.y1 >= outer.y1 - 1 &&
    inner.x2 <= outer.x2 + 1 &&
    inner.y2 <= outer.y2 + 1
  );
}

/**
 * Fit everything, but do not blow a small cluster up beyond its natural size. With the layout's
 * extent (model coordinates) the viewport is computed here: `cy.fit()` would measure the bounding
 * box of every element and label, which took most of a render with 500 pods.
 */
function fitGraph(cy: cytoscape.Core, box?: Box): void {
  const pad = 24;
  const w = cy.width();
  const h = cy.height();
  if (
    !box ||
    !Number.isFinite(box.x1) ||
    box.x2 <= box.x1 ||
    box.y2 <= box.y1 ||
    w <= 2 * pad ||
    h <= 2 * pad
  ) {
    cy.fit(undefined, pad);
    if (cy.zoom() > 1.1) {
      cy.zoom(1.1);
      cy.center();
    }
    return;
  }
  const fitZoom = Math.min((w - 2 * pad) / (box.x2 - box.x1), (h - 2 * pad) / (box.y2 - box.y1));
  const zoom = Math.max(cy.minZoom(), Math.min(fitZoom, 1.1, cy.maxZoom()));
  cy.viewport({
    zoom,
    pan: { x: (w - zoom * (box.x1 + box.x2)) / 2, y: (h - zoom * (box.y1 + box.y2)) / 2 },
  });
}

/** The live picture of the cluster. */
export function GraphView() {
  const rt = useRuntime();
  const tr = useT();
  const ref = useRef<HTMLDivElement>(null);
  const cyRef = useRef<cytoscape.Core | null>(null);
  const userMoved = useRef(false);
  /** The extent of the last layout (what "fit" shows). */
  const extent = useRef<Box | undefined>(undefined);
  const namespace = useStore(prefsStore, (p) => p.namespace);
  // Selectors that return strings and booleans, recomputed only when a tick touched their kind:
  // React re-renders only when these change, not on every tick (the canvas itself is updated
  // imperatively).
  const [namespacesSelector] = useState(() =>
    selectOnKinds(['Namespace'], (m) =>
      [...m.objects.values()]
        .filter((o) => o.object.kind === 'Namespace')
        .map((o) => o.object.metadata.name!)
        .sort()
        .join('\n'),
    ),
  );
  const namespaces = useStore(rt.mirror, namespacesSelector).split('\n').filter(Boolean);
  const isEmptySelector = useMemo(
    () =>
      selectOnKinds(
        ['Pod'],
        (m) =>
          ![...m.objects.values()].some(
            (o) =>
              o.object.kind === 'Pod' && (namespace === null || o.object.metadata.namespace === namespace),
          ),
      ),
    [namespace],
  );
  const isEmpty = useStore(rt.mirror, isEmptySelector);

  useEffect(() => {
    const mount = (cytoscape: typeof Cytoscape): (() => void) => {
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
      let prev = new Map<string, Drawn>();
      let programmatic = false;
      let drawnOnce = false;
      /** Colour transitions only while the picture is small (see graphStyle). */
      let animated = true;
      const ANIMATION_LIMIT = 150;
      /**
       * `grown`: the picture outgrew the view. The new view then leaves a fifth of the height below
       * as room to grow, so that a rollout adding rows of pods one lane at a time re-fits once or
       * twice, not at every row: each zoom change makes Cytoscape redraw every element afresh.
       */
      const fit = (grown = false) => {
        const e = extent.current;
        programmatic = true;
        fitGraph(cy, grown && e ? { ...e, y2: e.y2 + (e.y2 - e.y1) / 5 } : e);
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
        extent.current = extentOf(laid);
        if (!userMoved.current && (!drawnOnce || !contains(cy.extent(), extent.current))) fit(drawnOnce);
        drawnOnce = true;
      };
      // The mirror changes at most once a frame; the picture follows at a pace it can afford: the
      // next render waits four times as long as the last one took (a 5 ms render → at most every
      // 20 ms), so drawing never eats the frame budget. What counts is the whole frame: the sync
      // here, then Cytoscape restyling and redrawing the canvas (the bigger part with hundreds of
      // pods). A frame over budget paces the next one at six times its cost (a 60 ms frame in a
      // 500-pod rollout → at most every 360 ms), leaving the other frames to the terminal.
      let pending = 0;
      let nextAt = 0;
      let onDrawn: (() => void) | undefined;
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
            if (onDrawn) cy.off('render', onDrawn);
            onDrawn = () => {
              onDrawn = undefined;
              const frame = performance.now() - t0;
              if (frame > 16) nextAt = Math.max(nextAt, performance.now() + Math.min(1000, frame * 6));
            };
            cy.one('render', onDrawn);
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
    };
    // Cytoscape is a chunk of its own, fetched at once but not awaited by the first paint: the
    // terminal shows without waiting for the graph library to download and compile.
    let unmount: (() => void) | undefined;
    let gone = false;
    void import('cytoscape').then(({ default: cytoscape }) => {
      if (!gone) unmount = mount(cytoscape);
    });
    return () => {
      gone = true;
      unmount?.();
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
            if (cyRef.current) fitGraph(cyRef.current, extent.current);
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
