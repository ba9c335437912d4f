import { Button, Input, Space } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { confFromRows, confRows, type ConfRow } from "./logic";

/** Spark configuration as key/value rows; the form holds it as one object. The props a
 * Form.Item gives its control (id, value, onChange) arrive here. */
export default function ConfInput({
  value,
  onChange,
  id,
}: {
  value?: Record<string, string>;
  onChange?: (value: Record<string, string>) => void;
  id?: string;
}) {
  const { t } = useTranslation("settings");
  const [rows, setRows] = useState<ConfRow[]>(() => confRows(value));
  useEffect(() => {
    // Another connection loaded into the form: show its settings (typing keeps the rows).
    if (JSON.stringify(confFromRows(rows)) !== JSON.stringify(value ?? {})) setRows(confRows(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const change = (next: ConfRow[]) => {
    setRows(next);
    onChange?.(confFromRows(next));
  };
  return (
    <div id={id}>
      {rows.map((row, index) => (
        <Space.Compact key={index} style={{ width: "100%", marginBottom: 4 }}>
          <Input
            aria-label={t("datasources.confKey")}
            placeholder={t("datasources.confKey")}
            value={row.key}
            style={{ width: "60%" }}
            onChange={(event) => change(rows.map((item, i) => (i === index ? { ...item, key: event.target.value } : item)))}
          />
          <Input
            aria-label={t("datasources.confValue")}
            placeholder={t("datasources.confValue")}
            value={row.value}
            onChange={(event) => change(rows.map((item, i) => (i === index ? { ...item, value: event.target.value } : item)))}
          />
          <Button onClick={() => change(rows.filter((_, i) => i !== index))}>{t("datasources.confRemove")}</Button>
        </Space.Compact>
      ))}
      <Button type="dashed" onClick={() => setRows([...rows, { key: "", value: "" }])}>
        {t("datasources.confAdd")}
      </Button>
    </div>
  );
}
