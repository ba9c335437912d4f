// What colours the canvas beyond the graph itself: the loop of a refused edge and instance
// statuses. Node and edge components read it from context, so switching it on or off does not
// rebuild 2,000 node objects.
import { createContext, useContext } from "react";

import { NO_LOOP, type LoopHighlight } from "../cycle";
import type { NodeStatus } from "../types";

export interface Decorations {
  loop: LoopHighlight;
  /** Node id -> latest instance; null when statuses are not shown. */
  statuses: Record<string, NodeStatus> | null;
  /** The date the statuses are for. */
  bizdate: string | null;
  /** Workflow id -> name (shown on outside nodes, and on every node in the all-nodes view). */
  workflowNames: ReadonlyMap<number, string>;
  /** The canvas shows several workflows: each node names its own. */
  showWorkflow: boolean;
  /** The user's role may edit nodes and dependencies. */
  editable: boolean;
}

export const DecorationsContext = createContext<Decorations>({
  loop: NO_LOOP,
  statuses: null,
  bizdate: null,
  workflowNames: new Map(),
  showWorkflow: false,
  editable: false,
});

export const useDecorations = () => useContext(DecorationsContext);
