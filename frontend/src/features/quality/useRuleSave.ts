// Saving the rule editor's form: the client's checks first, then the server, whose reasons land on
// their fields; what no field shows is said above the buttons. Saved, the rule's page opens.
import { App as AntApp, type FormInstance } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { applyFieldErrors, showError } from "../../errors";
import { useSaveRule } from "./api";
import { formToBody, kindFields, ruleProblems, type RuleFormValues } from "./rules";

const BASE_FIELDS = ["name", "datasource", "table", "partition_filter", "kind", "strength", "nodes", "enabled"];

/** The fields the server's reasons may name, for the kind of check the form holds now. */
export function knownFields(form: FormInstance<RuleFormValues>): string[] {
  return [...BASE_FIELDS, ...kindFields(form.getFieldValue("kind"), form.getFieldValue("metric"))];
}

export function useRuleSave({ projectId, ruleId, form }: { projectId: number; ruleId: number | null; form: FormInstance<RuleFormValues> }) {
  const { message } = AntApp.useApp();
  const { t } = useTranslation("quality");
  const navigate = useNavigate();
  const save = useSaveRule(projectId);
  const [problem, setProblem] = useState("");

  const onFinish = () => {
    const values = form.getFieldsValue(true) as RuleFormValues;
    const entries = Object.entries(ruleProblems(values));
    if (entries.length) {
      form.setFields(entries.map(([name, reason]) => ({ name: name as keyof RuleFormValues, errors: [reason as string] })));
      setProblem(t("editor.fieldsNeedAttention"));
      return;
    }
    save.mutate(
      { id: ruleId ?? undefined, body: formToBody(values) },
      {
        onSuccess: (saved) => {
          void message.success(t(ruleId ? "editor.saved" : "editor.created", { name: saved.name }));
          navigate(`/quality/rules/${saved.id}`);
        },
        onError: (error) => {
          const rest = applyFieldErrors(form, error, knownFields(form));
          if (rest) {
            setProblem(rest);
            showError(message, rest, t("editor.saveFailed"));
          } else {
            setProblem(t("editor.serverRefused"));
          }
        },
      },
    );
  };

  return { problem, clearProblem: () => setProblem(""), onFinish, saving: save.isPending };
}
