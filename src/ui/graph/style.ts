/**
 * The graph's stylesheet: shapes by kind, colours by status (the states of model.ts), edge
 * styles by relation. Status colours fade into each other (style transitions), so a Pod going
 * Pending → ContainerCreating → Running is visible as it happens.
 */
import type cytoscape from 'cytoscape';
import type { Theme } from '../state/prefs';
import { POD_H, POD_W } from './layout';

export const STATE_COLOURS = {
  ready: '#2e9d5b',
  running: '#8aa83b',
  creating: '#3f7fd1',
  pending: '#8a8f98',
  error: '#d64545',
  terminating: '#6b6f76',
  completed: '#4b5563',
  cordoned: '#d98e04',
  missing: '#d64545',
  neutral: '#5a6270',
} as const;

const KIND_COLOURS: Record<string, string> = {
  Deployment: '#3557a8',
  ReplicaSet: '#4a6fc0',
  StatefulSet: '#3d5f9e',
  DaemonSet: '#3d5f9e',
  Job: '#6d5fbf',
  CronJob: '#5b4fa8',
  Service: '#2f8f8f',
  Ingress: '#2a7a6a',
  HorizontalPodAutoscaler: '#9a6b2f',
  ConfigMap: '#8a5fbf',
  Secret: '#b45f8a',
  PersistentVolumeClaim: '#9a7b3c',
};

/**
 * `animate`: colour transitions. With hundreds of pods changing at once (a big rollout) they
 * cost more than they show, so the graph turns them off above a size.
 */
export function graphStyle(theme: Theme, animate = true): cytoscape.StylesheetJson {
  const fg = theme === 'dark' ? '#e6e9ef' : '#1f2328';
  const laneBg = theme === 'dark' ? '#262a33' : '#eef1f6';
  const laneBorder = theme === 'dark' ? '#4a505c' : '#b8c0cc';
  const edge = theme === 'dark' ? '#8b93a1' : '#6e7781';
  const style: cytoscape.StylesheetJson = [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        color: '#ffffff',
        'font-size': 11,
        'font-family': 'system-ui, sans-serif',
        'text-wrap': 'wrap',
        'text-valign': 'center',
        'text-halign': 'center',
        'text-max-width': `${POD_W - 12}px`,
        'min-zoomed-font-size': 6,
        shape: 'round-rectangle',
        width: POD_W,
        height: POD_H,
        'background-color': '#5a6270',
        'border-width': 2,
        'border-color': '#00000033',
        'transition-property': 'background-color, border-color, opacity',
        'transition-duration': animate ? 400 : 0,
      },
    },
    {
      selector: 'node.lane',
      style: {
        label: 'data(label)',
        color: fg,
        'font-size': 13,
        'font-weight': 'bold',
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': 24,
        'text-max-width': '400px',
        'background-color': laneBg,
        'background-opacity': 1,
        'border-color': laneBorder,
        'border-width': 1,
        padding: '0px',
        shape: 'round-rectangle',
      },
    },
    { selector: 'node.lane.state-ready', style: { 'border-color': STATE_COLOURS.ready } },
    {
      selector: 'node.lane.state-cordoned',
      style: { 'border-color': STATE_COLOURS.cordoned, 'border-style': 'dashed', 'border-width': 2 },
    },
    {
      selector: 'node.lane.state-error, node.lane.state-missing',
      style: { 'border-color': STATE_COLOURS.error, 'border-width': 2, 'border-style': 'dashed' },
    },
    { selector: 'node.bucket', style: { 'border-style': 'dashed', 'background-opacity': 0.5 } },
    { selector: 'node.anchor', style: { width: 1, height: 1, opacity: 0, events: 'no', label: '' } },
    { selector: 'node:selected', style: { 'border-color': '#ffd33d', 'border-width': 3 } },
  ];
  for (const [kind, colour] of Object.entries(KIND_COLOURS))
    style.push({ selector: `node.kind-${kind.toLowerCase()}`, style: { 'background-color': colour } });
  style.push(
    { selector: 'node.kind-service', style: { shape: 'round-tag' } },
    { selector: 'node.kind-ingress', style: { shape: 'round-tag' } },
    { selector: 'node.kind-configmap, node.kind-secret', style: { shape: 'cut-rectangle' } },
    { selector: 'node.kind-persistentvolumeclaim', style: { shape: 'barrel' } },
    {
      selector: 'node.kind-horizontalpodautoscaler',
      style: { shape: 'round-diamond', width: 110, height: 60 },
    },
    {
      selector: 'node.controller.state-ready',
      style: { 'border-color': STATE_COLOURS.ready, 'border-width': 3 },
    },
    {
      selector: 'node.controller.state-creating',
      style: { 'border-color': STATE_COLOURS.creating, 'border-width': 3 },
    },
    {
      selector: 'node.controller.state-error',
      style: { 'border-color': STATE_COLOURS.error, 'border-width': 3 },
    },
    {
      selector: 'node.broken',
      style: { 'border-color': STATE_COLOURS.error, 'border-width': 3, 'border-style': 'dashed' },
    },
  );
  for (const [state, colour] of Object.entries(STATE_COLOURS))
    style.push({ selector: `node.kind-pod.state-${state}`, style: { 'background-color': colour } });
  style.push(
    {
      selector: 'node.kind-pod.state-terminating',
      style: { opacity: 0.55, 'border-style': 'dashed', 'border-color': fg },
    },
    { selector: 'node.kind-pod.state-pending', style: { 'border-style': 'dashed', 'border-color': fg } },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'line-color': edge,
        'target-arrow-color': edge,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        'curve-style': 'unbundled-bezier',
        'control-point-distances': 'data(bow)',
        'control-point-weights': 0.5,
        opacity: 0.85,
        // Edges are not interactive: a click on one reaches the node or lane under it.
        events: 'no',
      },
    },
    {
      selector: 'edge.edge-endpoint',
      style: { 'line-color': '#2f9fbf', 'target-arrow-color': '#2f9fbf', width: 2 },
    },
    {
      selector: 'edge.edge-endpoint-notready',
      style: { 'line-color': '#2f9fbf', 'target-arrow-color': '#2f9fbf', width: 2, 'line-style': 'dashed' },
    },
    {
      selector: 'edge.edge-selector',
      style: { 'line-style': 'dotted', 'line-color': '#2f9fbf', 'target-arrow-color': '#2f9fbf' },
    },
    {
      selector: 'edge.edge-config',
      style: { 'line-style': 'dashed', 'line-color': '#a884d6', 'target-arrow-color': '#a884d6' },
    },
    {
      selector: 'edge.edge-volume',
      style: { 'line-style': 'dashed', 'line-color': '#c0a060', 'target-arrow-color': '#c0a060' },
    },
    {
      selector: 'edge.edge-backend',
      style: { 'line-color': '#2a9a8a', 'target-arrow-color': '#2a9a8a', width: 2 },
    },
    {
      selector: 'edge.edge-scale',
      style: { 'line-style': 'dotted', 'line-color': '#d9a04a', 'target-arrow-color': '#d9a04a' },
    },
  );
  return style;
}
