import { Typography } from "antd";
import dayjs from "dayjs";

import type { CronPreview } from "../types";

const KIND_NOTES = { gap: "does not exist", overlap: "occurs twice" } as const;

/** What the catch-up and daylight-saving policies do: today's past slots, and the slots of the
 * day the project's zone next changes its clock. */
export function PolicyPreview({ preview }: { preview: CronPreview }) {
  const { catch_up: catchUp, dst } = preview;
  const time = (iso: string) => dayjs(iso.slice(0, 19)).format("HH:mm");
  return (
    <div data-testid="policy-preview" style={{ fontSize: 12, marginBottom: 12 }}>
      {catchUp.past.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: "0 0 4px" }} data-testid="catch-up-preview">
          Deployed now with instances right away: {catchUp.past.length} slot{catchUp.past.length === 1 ? "" : "s"} of today already
          past; {catchUp.runs.length ? `${catchUp.runs.map(time).join(", ")} run${catchUp.runs.length === 1 ? "s" : ""}` : "none runs"}
          {catchUp.runs.length < catchUp.past.length ? ", the others become dry runs" : ""}.
        </Typography.Paragraph>
      )}
      {dst ? (
        <div data-testid="dst-preview">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            Clock change {dayjs(dst.change.slice(0, 19)).format("ddd YYYY-MM-DD HH:mm")} ({dst.offset_before} → {dst.offset_after},{" "}
            {dst.kind === "gap" ? "an hour is skipped" : "an hour repeats"})
          </Typography.Text>
          {dst.slots.length === 0 ? (
            <div>No run that day.</div>
          ) : (
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {dst.slots.map((slot) => {
                const wall = slot.time.slice(11, 16);
                const runs = slot.runs.filter((run) => !run.duplicate);
                let fate: string;
                if (slot.kind === "normal") fate = runs.length ? "runs" : "already runs (shifted slot above)";
                else if (!slot.runs.length) fate = `${KIND_NOTES[slot.kind]}: skipped`;
                else if (!runs.length) fate = `${KIND_NOTES[slot.kind]}: runs once with the slot below`;
                else fate = `${KIND_NOTES[slot.kind]}: runs at ${runs.map((run) => `${time(run.at)} (${run.at.slice(19)})`).join(" and ")}`;
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
