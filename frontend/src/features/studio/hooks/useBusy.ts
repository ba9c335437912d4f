import { useCallback, useState } from "react";

export type BusyKind = "saving" | "running";

/** Which nodes are being saved and which started, for the buttons' spinners. */
export function useBusy() {
  const [busy, setBusy] = useState<Record<BusyKind, Set<number>>>({ saving: new Set(), running: new Set() });
  const mark = useCallback(
    (kind: BusyKind, nodeId: number, on: boolean) =>
      setBusy((current) => {
        const next = new Set(current[kind]);
        if (on) next.add(nodeId);
        else next.delete(nodeId);
        return { ...current, [kind]: next };
      }),
    [],
  );
  return { busy, mark };
}
