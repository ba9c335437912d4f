import { Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";

import type { CronPreview } from "../types";


/** What the catch-up and daylight-saving policies do: today's past slots, and the slots of the
 * day the project's zone next changes its clock. */
export function PolicyPreview({ preview }: { preview: CronPreview }) {
  const { t } = useTranslation("studio", { keyPrefix: "policy" });
  const { catch_up: catchUp, dst } = preview;
  const time = (iso: string) => dayjs(iso.slice(0, 19)).format("HH:mm");
  return (
    <div data-testid="policy-preview" style={{ fontSize: 12, marginBottom: 12 }}>
      {catchUp.past.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: "0 0 4px" }} data-testid="catch-up-preview">
          {t("catchUp", { count: catchUp.past.length })}
          {catchUp.runs.length ? t("runs", { count: catchUp.runs.length, times: catchUp.runs.map(time).join(", ") }) : t("noneRuns")}
          {catchUp.runs.length < catchUp.past.length ? t("othersDry") : ""}
          {t("end")}
        </Typography.Paragraph>
      )}
      {dst ? (
        <div data-testid="dst-preview">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("clockChange", {
              when: dayjs(dst.change.slice(0, 19)).format("ddd YYYY-MM-DD HH:mm"),
              before: dst.offset_before,
              after: dst.offset_after,
              what: dst.kind === "gap" ? t("hourSkipped") : t("hourRepeats"),
            })}
          </Typography.Text>
          {dst.slots.length === 0 ? (
            <div>{t("noRun")}</div>
          ) : (
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {dst.slots.map((slot) => {
                const wall = slot.time.slice(11, 16);
                const runs = slot.runs.filter((run) => !run.duplicate);
                let fate: string;
                const note = slot.kind === "normal" ? "" : t(`kinds.${slot.kind}`);
                if (slot.kind === "normal") fate = runs.length ? t("slotRuns") : t("slotShifted");
                else if (!slot.runs.length) fate = t("slotSkipped", { note });
                else if (!runs.length) fate = t("slotOnce", { note });
                else fate = t("slotAt", { note, times: runs.map((run) => `${time(run.at)} (${run.at.slice(19)})`).join(t("and")) });

                return (
                  <li key={slot.time} data-kind={slot.kind}>
                    {wall} {fate}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
