import { EyeOutlined } from "@ant-design/icons";
import { Alert, Button, Card, DatePicker, Space, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";

import { mono } from "./KindFields";

interface Props {
  bizdate: Dayjs;
  onBizdate: (value: Dayjs) => void;
  onPreview: () => void;
  previewing: boolean;
  /** The SQL the rule runs, once previewed. */
  sql: string | undefined;
  /** Why the SQL cannot be built ("" when it can). */
  error: string;
}

/** The rule editor's side card: the SQL the rule runs for a business date. */
export default function SqlPreviewCard({ bizdate, onBizdate, onPreview, previewing, sql, error }: Props) {
  const { t } = useTranslation("quality");
  return (
    <Card title={t("preview.title")} style={{ position: "sticky", top: 0 }}>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker
          aria-label={t("preview.bizdate")}
          value={bizdate}
          allowClear={false}
          onChange={(value) => value && onBizdate(value)}
        />
        <Button icon={<EyeOutlined />} onClick={onPreview} loading={previewing}>
          {t("preview.button")}
        </Button>
      </Space>
      {error ? (
        <Alert type="error" showIcon message={t("preview.cannotBuild")} description={error} />
      ) : sql !== undefined ? (
        <pre
          data-testid="sql-preview"
          style={{
            ...mono,
            margin: 0,
            padding: 12,
            background: "#f6f8fa",
            border: "1px solid #eaeef2",
            borderRadius: 6,
            whiteSpace: "pre-wrap",
            wordBreak: "break-word",
            maxHeight: 420,
            overflow: "auto",
            fontSize: 13,
          }}
        >
          {sql}
        </pre>
      ) : (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t("preview.hint")}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
