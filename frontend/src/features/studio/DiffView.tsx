// Two versions side by side: the configuration that changed, then the code with changed lines marked.
import { Empty, Table, Tag, Typography } from "antd";
import { Fragment, useMemo } from "react";
import { useTranslation } from "react-i18next";

import { diffStats, fieldChanges, hunks, sideBySide, type DiffRow, type Namer } from "./diffModel";
import type { Snapshot } from "./types";

const COLORS = {
  removed: "#fff1f0",
  added: "#f6ffed",
  changedLeft: "#fff1f0",
  changedRight: "#f6ffed",
};

const cellStyle = { fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace", fontSize: 12, whiteSpace: "pre-wrap" as const };
const lineNoStyle = { ...cellStyle, color: "#999", textAlign: "right" as const, padding: "0 6px", userSelect: "none" as const, width: 40 };

function Side({ row, side }: { row: DiffRow; side: "left" | "right" }) {
  const cell = row[side];
  let background: string | undefined;
  if (cell && row.kind === "changed") background = side === "left" ? COLORS.changedLeft : COLORS.changedRight;
  if (cell && row.kind === "removed") background = COLORS.removed;
  if (cell && row.kind === "added") background = COLORS.added;
  const marker = !cell || row.kind === "same" ? " " : side === "left" ? "-" : "+";
  return (
    <>
      <td style={{ ...lineNoStyle, background }}>{cell?.line ?? ""}</td>
      <td style={{ ...cellStyle, background, padding: "0 8px", width: "50%" }} data-diff={cell ? row.kind : "empty"}>
        {cell ? `${marker} ${cell.text}` : ""}
      </td>
    </>
  );
}

export interface DiffViewProps {
  before: Snapshot | null;
  after: Snapshot | null;
  beforeLabel: string;
  afterLabel: string;
  name?: Namer;
}

export default function DiffView({ before, after, beforeLabel, afterLabel, name }: DiffViewProps) {
  const { t } = useTranslation("studio", { keyPrefix: "diff" });
  const rows = useMemo(() => sideBySide(String(before?.code ?? ""), String(after?.code ?? "")), [before, after]);
  const parts = useMemo(() => hunks(rows, 3), [rows]);
  const fields = useMemo(() => fieldChanges(before, after, name), [before, after, name]);
  const stats = diffStats(rows);

  return (
    <div data-testid="diff-view">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t("settings")}
      </Typography.Title>
      {before === null ? (
        <Typography.Text type="secondary">{t("allNew")}</Typography.Text>
      ) : fields.length ? (
        <Table
          size="small"
          pagination={false}
          rowKey="field"
          dataSource={fields}
          columns={[
            { title: t("field"), dataIndex: "label", width: 180 },
            { title: beforeLabel, dataIndex: "before", render: (v: string) => <span style={{ background: COLORS.removed }}>{v}</span> },
            { title: afterLabel, dataIndex: "after", render: (v: string) => <span style={{ background: COLORS.added }}>{v}</span> },
          ]}
        />
      ) : (
        <Typography.Text type="secondary">{t("noSettingChanged")}</Typography.Text>
      )}
      <Typography.Title level={5}>
        {t("code")}{" "}
        <Tag color="green">+{stats.added}</Tag>
        <Tag color="red">-{stats.removed}</Tag>
      </Typography.Title>
      {parts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("sameCode")} />
      ) : (
        <div style={{ border: "1px solid #f0f0f0", borderRadius: 6, overflow: "auto", maxHeight: 480 }}>
          <table style={{ width: "100%", borderCollapse: "collapse", tableLayout: "fixed" }} aria-label={t("codeDifferences")}>
            <colgroup>
              <col style={{ width: 44 }} />
              <col />
              <col style={{ width: 44 }} />
              <col />
            </colgroup>
            <thead>
              <tr style={{ background: "#fafafa" }}>
                <th colSpan={2} style={{ textAlign: "left", padding: "4px 8px" }}>
                  {beforeLabel}
                </th>
                <th colSpan={2} style={{ textAlign: "left", padding: "4px 8px" }}>
                  {afterLabel}
                </th>
              </tr>
            </thead>
            <tbody>
              {parts.map((hunk, index) => (
                <Fragment key={index}>
                  {hunk.skipped > 0 && (
                    <tr>
                      <td colSpan={4} style={{ ...cellStyle, color: "#999", background: "#fafafa", padding: "2px 8px" }}>
                        ⋯ {t("unchanged", { count: hunk.skipped })}

                      </td>
                    </tr>
                  )}
                  {hunk.rows.map((row, i) => (
                    <tr key={i}>
                      <Side row={row} side="left" />
                      <Side row={row} side="right" />
                    </tr>
                  ))}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
