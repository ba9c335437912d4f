// Human-readable cron descriptions (cronstrue) for the 5-field expressions the scheduler takes.
import cronstrue from "cronstrue";

export interface CronDescription {
  ok: boolean;
  text: string;
}

/** "At 01:30 AM" style text; { ok: false, text: reason } for anything the scheduler would refuse. */
export function cronDescription(expression: string): CronDescription {
  const fields = (expression ?? "").trim().split(/\s+/).filter(Boolean);
  if (fields.length === 0) return { ok: false, text: "Enter a cron expression." };
  if (fields.length !== 5) {
    return { ok: false, text: `A cron expression has 5 fields (minute hour day month weekday); this one has ${fields.length}.` };
  }
  try {
    const text = cronstrue.toString(fields.join(" "), {
      use24HourTimeFormat: true,
      throwExceptionOnParseError: true,
      verbose: false,
    });
    return { ok: true, text };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, text: reason.replace(/^Error:\s*/, "") || "Not a valid cron expression." };
  }
}

/** A few schedules to pick from. */
export const CRON_PRESETS: { label: string; value: string }[] = [
  { label: "Daily at 00:00", value: "0 0 * * *" },
  { label: "Daily at 01:30", value: "30 1 * * *" },
  { label: "Hourly", value: "0 * * * *" },
  { label: "Every 15 minutes", value: "*/15 * * * *" },
  { label: "Mondays at 02:00", value: "0 2 * * 1" },
  { label: "1st of the month at 03:00", value: "0 3 1 * *" },
];
