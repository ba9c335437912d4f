import { Form, Input, Select } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import { timeZoneNames } from "./logic";

/** A project's name, description, time zone and parameter dialect: the fields a new project and
 * its settings page share. */
export default function ProjectFields({ isNew }: { isNew: boolean }) {
  const { t } = useTranslation("settings");
  const zones = useMemo(() => timeZoneNames().map((zone) => ({ value: zone, label: zone })), []);
  return (
    <>
      <Form.Item name="name" label={t("project.name")} rules={[{ required: true, message: t("project.nameRequired") }]}>
        {isNew ? <Input maxLength={100} placeholder="sales_dw" autoFocus /> : <Input maxLength={100} />}
      </Form.Item>
      <Form.Item name="description" label={t("project.description")}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="timezone" label={t("project.timezone")} extra={t("project.timezoneHelp")}>
        <Select showSearch options={zones} aria-label={t("project.timezone")} />
      </Form.Item>
      <Form.Item name="parameter_dialect" label={t("project.dialect")} extra={isNew ? undefined : t("project.dialectHelp")}>
        <Select
          aria-label={t("project.dialectLabel")}
          options={[
            { value: "dataworks", label: t("project.dialects.dataworks") },
            { value: "dolphinscheduler", label: t("project.dialects.dolphinscheduler") },
          ]}
        />
      </Form.Item>
    </>
  );
}
