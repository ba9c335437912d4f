// Where the canvas opens. Past BIG_GRAPH nodes it opens on the top-left of the layout at a
// readable zoom instead of fitting everything: React Flow renders only what is in view, and the
// minimap shows the rest. BIG_MIN_ZOOM keeps zooming out from putting thousands of nodes in the DOM.
import type { XY } from "./layout";

export const BIG_GRAPH = 300;
export const BIG_START_ZOOM = 0.75;
export const BIG_MIN_ZOOM = 0.2;
export const fitViewOptions = { padding: 0.1, maxZoom: 1 };

/** The first viewport of a big graph: on its first node (leftmost, then topmost; the layouts put
 * the largest pipeline there), a third of the way down the canvas. Undefined: fit the view. */
export function bigGraphStart(positions: XY[], windowHeight: number) {
  if (positions.length <= BIG_GRAPH) return undefined;
  let first = positions[0];
  for (const position of positions) {
    if (position.x < first.x || (position.x === first.x && position.y < first.y)) first = position;
  }
  const canvasHeight = Math.max(300, windowHeight - 170);
  return { x: 24 - first.x * BIG_START_ZOOM, y: canvasHeight / 3 - first.y * BIG_START_ZOOM, zoom: BIG_START_ZOOM };
}
