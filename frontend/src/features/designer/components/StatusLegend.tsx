import { NO_INSTANCE, STATUS_ORDER, statusStyle } from "../status";

/** Status colours with how many nodes are in each, for the chosen business date. */
export function StatusLegend({ counts, bizdate, loading }: { counts: Record<string, number>; bizdate: string; loading: boolean }) {
  const shown = STATUS_ORDER.filter((status) => counts[status]);
  const none = counts.none ?? 0;
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  return (
    <div className="wb-legend" data-testid="status-legend">
      <div style={{ fontWeight: 600 }}>Latest instance, {bizdate}</div>
      {loading ? <div>Loading statuses…</div> : null}
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
          No instance on this date: deploy the nodes, or pick another business date.
        </div>
      ) : null}
    </div>
  );
}
