import { Tag } from "antd";
import { useTranslation } from "react-i18next";

import type { Schema } from "../api/client";

/** Whose connections a run used: development (a standard project's test runs) or production. */
export default function EnvironmentTag({ environment }: { environment: Schema<"EnvironmentEnum"> | undefined }) {
  const { t } = useTranslation();
  if (!environment) return null;
  return (
    <Tag color={environment === "development" ? "purple" : "blue"} data-testid="environment-tag">
      {t(`environment.${environment}`)}
    </Tag>
  );
}
