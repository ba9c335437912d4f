// The live log: the text fetched over HTTP plus the lines pushed over the websocket since.
import type { Schema } from "../../api/client";

/**
 * Append live lines to the fetched text, leaving out those it already holds: lines that arrived
 * while a fetch was under way may be in both. The fetched text is a prefix of the whole log and
 * live lines come in order, so every live line up to the last one found near the end of the text
 * is already there.
 */
export function mergeLog(fetched: string, live: string[]): string {
  if (!live.length) return fetched;
  const tail = (fetched.endsWith("\n") ? fetched.slice(0, -1) : fetched).split("\n").slice(-(live.length + 200));
  const present = new Set(tail);
  let last = -1;
  for (let i = live.length - 1; i >= 0; i -= 1) {
    if (present.has(live[i])) {
      last = i;
      break;
    }
  }
  const rest = live.slice(last + 1);
  if (!rest.length) return fetched;
  const base = fetched && !fetched.endsWith("\n") ? `${fetched}\n` : fetched;
  return `${base}${rest.join("\n")}\n`;
}

export type InstanceEventRow = Schema<"InstanceEvent">;

export interface Attempt {
  attempt: number;
  started_at: string | null;
  finished_at: string | null;
  /** The status the attempt ended in, or the latest one while it runs. */
  status: string;
  reason: string;
  message: string;
}

/**
 * One row per attempt from an instance's state changes, newest first. An attempt starts when the
 * instance goes running and ends with the next move out of running or checking; a move back to
 * pending or queued (a retry, a lost worker) ends it as failed, with the reason.
 */
export function attemptsFromEvents(events: InstanceEventRow[]): Attempt[] {
  const attempts: Attempt[] = [];
  let current: Attempt | null = null;
  for (const event of [...events].sort((a, b) => a.id - b.id)) {
    if (event.to_status === "running") {
      current = {
        attempt: event.attempt,
        started_at: event.created_at,
        finished_at: null,
        status: "running",
        reason: event.reason,
        message: "",
      };
      attempts.push(current);
      continue;
    }
    if (!current || (event.from_status !== "running" && event.from_status !== "checking")) continue;
    if (event.to_status === "checking") {
      current.status = "checking";
      continue;
    }
    current.finished_at = event.created_at;
    current.status = event.to_status === "pending" || event.to_status === "queued" ? "failed" : event.to_status;
    current.reason = event.reason;
    current.message = event.message;
    current = null;
  }
  return attempts.reverse();
}
