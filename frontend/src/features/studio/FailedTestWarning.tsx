import { Alert } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import type { TestRunSummary } from "./deployChecks";

/** In the deploy dialog: the version's last test run failed. */
export default function FailedTestWarning({ run, version }: { run: TestRunSummary; version: number | null }) {
  const { t } = useTranslation("studio");
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="deploy-failed-test"
      message={t("deploy.failedTest", { version })}
      description={<Link to={`/operations/instances/${run.id}`}>{t("deploy.failedTestLink", { id: run.id })}</Link>}
    />
  );
}
