import { Result, Spin } from "antd";
import { Link, useParams } from "react-router-dom";
import { useTranslation } from "react-i18next";

import { errorMessage } from "../../errors";
import type { Project } from "../../project/current";
import { useRule } from "./api";
import RuleForm from "./RuleForm";
import { ruleToForm } from "./rules";

/** Create a rule (no :ruleId) or edit one. */
export default function RuleEditor({ project }: { project: Project }) {
  const params = useParams();
  const { t } = useTranslation("quality");
  const ruleId = params.ruleId ? Number(params.ruleId) : null;
  const rule = useRule(project.id, ruleId);

  if (ruleId !== null && (rule.isLoading || (!rule.data && !rule.isError))) {
    return <Spin style={{ display: "block", padding: 48 }} tip={t("common.loadingRule")}><div /></Spin>;
  }
  if (ruleId !== null && rule.isError) {
    return (
      <Result
        status="warning"
        title={t("common.loadRuleFailed")}
        subTitle={errorMessage(rule.error)}
        extra={<Link to="/quality">{t("common.backToRules")}</Link>}
      />
    );
  }
  const initial = rule.data ? ruleToForm(rule.data) : null;
  return <RuleForm key={ruleId ?? "new"} project={project} ruleId={ruleId} initial={initial} />;
}
