import { useTranslation } from "react-i18next";

import { INSTANCE_STATES } from "../../../status";
import { NO_INSTANCE, statusStyle } from "../status";

/** Status colours with how many nodes are in each, for the chosen business date. */
export function StatusLegend({ counts, bizdate, loading }: { counts: Record<string, number>; bizdate: string; loading: boolean }) {
  const shown = INSTANCE_STATES.filter((status) => counts[status]);
  const none = counts.none ?? 0;
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const { t } = useTranslation("designer");
  return (
    <div className="wb-legend" data-testid="status-legend">
      <div style={{ fontWeight: 600 }}>{t("legend.title", { bizdate })}</div>
      {loading ? <div>{t("legend.loading")}</div> : null}
      {shown.map((status) => (
        <div key={status}>
          <span className="wb-swatch" style={{ background: statusStyle(status).background, borderColor: statusStyle(status).color }} />
          {statusStyle(status).label}: {counts[status]}
        </div>
      ))}
      {none ? (
        <div>
          <span className="wb-swatch" style={{ background: NO_INSTANCE.background, borderColor: NO_INSTANCE.color }} />
          {NO_INSTANCE.label}: {none}
        </div>
      ) : null}
      {!loading && total > 0 && none === total ? (
        <div style={{ color: "#8c8c8c", marginTop: 4 }}>
          {t("legend.noneOnDate")}
        </div>
      ) : null}
    </div>
  );
}
