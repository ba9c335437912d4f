// The rows of a test run: a tab per statement that returned rows, each with copy and CSV download.
import { CopyOutlined, DownloadOutlined } from "@ant-design/icons";
import { App as AntApp, Button, Empty, Space, Table, Tabs, Tooltip, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { downloadCsv, toTsv, type ResultSet } from "./resultExport";

interface Props {
  instanceId: number;
  sets: ResultSet[];
  finished: boolean;
}

export default function ResultSets({ instanceId, sets, finished }: Props) {
  const { t } = useTranslation("studio");
  const [active, setActive] = useState<string | undefined>(undefined);
  if (!sets.length) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={finished ? t("output.noRows") : t("output.rowsLater")} />;
  }
  const label = (set: ResultSet, index: number) =>
    set.statement ? t("output.setOfStatement", { index: index + 1, statement: set.statement }) : t("output.set", { index: index + 1 });
  return (
    <Tabs
      className="studio-fill-tabs"
      style={{ height: "100%" }}
      size="small"
      type="card"
      activeKey={active && Number(active) < sets.length ? active : String(sets.length - 1)}
      onChange={setActive}
      items={sets.map((set, index) => ({
        key: String(index),
        label: `${label(set, index)} (${set.rows.length})`,
        children: <ResultGrid set={set} filename={`run-${instanceId}-${set.statement || index + 1}.csv`} />,
      }))}
    />
  );
}

function ResultGrid({ set, filename }: { set: ResultSet; filename: string }) {
  const { t } = useTranslation("studio");
  const { message } = AntApp.useApp();
  const { columns, rows } = set;
  const data = useMemo(
    () => rows.map((row, index) => Object.fromEntries([["__key", index], ...columns.map((_, i) => [`c${i}`, row[i]])])),
    [rows, columns],
  );
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(toTsv(set));
      void message.success(t("output.copied", { count: rows.length }));
    } catch {
      void message.error(t("output.copyFailed"));
    }
  };
  return (
    <div style={{ height: "100%", display: "flex", flexDirection: "column", minHeight: 0 }} data-testid="result-set">
      <Space size={4} style={{ marginBottom: 4 }}>
        <Tooltip title={t("output.copyHint")}>
          <Button size="small" icon={<CopyOutlined />} onClick={() => void copy()}>
            {t("output.copy")}
          </Button>
        </Tooltip>
        <Button size="small" icon={<DownloadOutlined />} onClick={() => downloadCsv(filename, set)}>
          {t("output.csv")}
        </Button>
      </Space>
      <div style={{ flex: 1, minHeight: 0, overflow: "auto" }}>
        <Table
          data-testid="result-grid"
          size="small"
          rowKey="__key"
          dataSource={data}
          pagination={false}
          sticky
          scroll={{ x: "max-content" }}
          columns={columns.map((title, i) => ({
            title,
            dataIndex: `c${i}`,
            render: (value: unknown) => (value === null ? <Typography.Text type="secondary">NULL</Typography.Text> : String(value)),
          }))}
        />
      </div>
    </div>
  );
}
