// Instance states as the scheduler has them (scheduler/states.py, through the API schema's
// InstanceStatusEnum) with the colours and words every page shows them in: the operations
// center, the designer's status view, the studio.
import type { Schema } from "./api/client";
import i18n from "./i18n";

export type InstanceState = Schema<"InstanceStatusEnum">;

export interface StateStyle {
  /** The state's name in the current language (read when shown). */
  readonly label: string;
  /** Solid colour: bars, graph borders, chart series. */
  color: string;
  /** Light fill behind text (graph nodes). */
  background: string;
  /** antd Tag colour preset. */
  tag: string;
}

/** A state's colours, with its name looked up in the current language whenever it is read. */
function style(state: string, colours: Omit<StateStyle, "label">): StateStyle {
  return {
    ...colours,
    get label() {
      return i18n.t(`common:states.${state}`);
    },
  };
}

export const STATE_STYLES: Record<InstanceState, StateStyle> = {
  pending: style("pending", { color: "#8c8c8c", background: "#f5f5f5", tag: "default" }),
  queued: style("queued", { color: "#d48806", background: "#fffbe6", tag: "gold" }),
  running: style("running", { color: "#1677ff", background: "#e6f4ff", tag: "processing" }),
  checking: style("checking", { color: "#08979c", background: "#e6fffb", tag: "cyan" }),
  success: style("success", { color: "#389e0d", background: "#f6ffed", tag: "success" }),
  failed: style("failed", { color: "#cf1322", background: "#fff1f0", tag: "error" }),
  frozen: style("frozen", { color: "#531dab", background: "#f9f0ff", tag: "purple" }),
  killed: style("killed", { color: "#d4380d", background: "#fff2e8", tag: "volcano" }),
  skipped: style("skipped", { color: "#bfbfbf", background: "#fafafa", tag: "default" }),
  upstream_failed: style("upstream_failed", { color: "#d46b08", background: "#fff7e6", tag: "orange" }),
  cancelled: style("cancelled", { color: "#434343", background: "#f0f0f0", tag: "default" }),
};

/** Every state, in the order filters and legends list them. */
export const INSTANCE_STATES = Object.keys(STATE_STYLES) as InstanceState[];

const UNKNOWN_STYLE = style("unknown", { color: "#595959", background: "#fafafa", tag: "default" });

export function isInstanceState(value: string): value is InstanceState {
  return Object.prototype.hasOwnProperty.call(STATE_STYLES, value);
}

/** A named group of states; it answers for any string, as statuses come from the server. */
export const stateGroup = (...states: InstanceState[]): ReadonlySet<string> => new Set(states);

/** The style of a state; one the scheduler does not have is grey, under its own name. */
export function stateStyle(status: string): StateStyle {
  return isInstanceState(status) ? STATE_STYLES[status] : { ...UNKNOWN_STYLE, label: status || UNKNOWN_STYLE.label };
}
