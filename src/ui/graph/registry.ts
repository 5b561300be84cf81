/**
 * The graph as last drawn, outside React: `window.__breakfix` reads it.
 */
import type cytoscape from 'cytoscape';
import type { GraphModel } from './model';

export const graphRegistry: { model: GraphModel; cy: cytoscape.Core | null } = {
  model: { nodes: [], edges: [] },
  cy: null,
};
