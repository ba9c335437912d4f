// What the canvas says over the graph: a refused loop, how to draw, and that there is nothing yet.
import { Alert, Empty, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { describeLoop, type LoopHighlight } from "../cycle";
import type { ProjectGraph } from "../types";

export function LoopAlert({ highlight, graph, onClose }: { highlight: LoopHighlight; graph: ProjectGraph; onClose: () => void }) {
  const { t } = useTranslation("designer");
  return (
    <Alert
      className="wb-loop-alert"
      type="error"
      showIcon
      closable
      onClose={onClose}
      data-testid="loop-alert"
      message={t("canvas.refused", { reason: highlight.message })}
      description={t("canvas.loopHint", { loop: describeLoop(highlight.path, graph) })}
    />
  );
}

/** How to work the canvas, for small graphs (a big one has no room for it). */
export function CanvasHint() {
  const { t } = useTranslation("designer");
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {t("canvas.hint")}
    </Typography.Text>
  );
}

export function EmptyCanvas({ editable }: { editable: boolean }) {
  const { t } = useTranslation("designer");
  return (
    <div className="wb-overlay">
      <Empty
        description={editable ? t("canvas.emptyEditable") : t("canvas.emptyReadOnly")}
        style={{ maxWidth: 420, background: "rgba(255,255,255,0.9)", padding: 16, borderRadius: 8 }}
      />
    </div>
  );
}
