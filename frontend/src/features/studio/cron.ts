// Human-readable cron descriptions (cronstrue) for the 5-field expressions the scheduler takes.
import "cronstrue/locales/zh_CN";

import cronstrue from "cronstrue";

import i18n, { currentLanguage } from "../../i18n";

export interface CronDescription {
  ok: boolean;
  text: string;
}

/** "At 01:30 AM" style text; { ok: false, text: reason } for anything the scheduler would refuse. */
export function cronDescription(expression: string): CronDescription {
  const fields = (expression ?? "").trim().split(/\s+/).filter(Boolean);
  if (fields.length === 0) return { ok: false, text: i18n.t("studio:cron.empty") };
  if (fields.length !== 5) {
    return { ok: false, text: i18n.t("studio:cron.fields", { count: fields.length }) };
  }
  try {
    const text = cronstrue.toString(fields.join(" "), {
      use24HourTimeFormat: true,
      throwExceptionOnParseError: true,
      verbose: false,
      locale: currentLanguage() === "zh-CN" ? "zh_CN" : "en",
    });
    return { ok: true, text };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, text: reason.replace(/^Error:\s*/, "") || i18n.t("studio:cron.invalid") };
  }
}

/** A few schedules to pick from; their names are studio:cron.presets.<key>. */
const PRESETS: { key: string; value: string }[] = [
  { key: "daily0000", value: "0 0 * * *" },
  { key: "daily0130", value: "30 1 * * *" },
  { key: "hourly", value: "0 * * * *" },
  { key: "every15", value: "*/15 * * * *" },
  { key: "mondays", value: "0 2 * * 1" },
  { key: "monthly", value: "0 3 1 * *" },
];

/** The presets with their names in the current language. */
export const cronPresets = (): { label: string; value: string }[] =>
  PRESETS.map((preset) => ({ label: i18n.t(`studio:cron.presets.${preset.key}`), value: preset.value }));
