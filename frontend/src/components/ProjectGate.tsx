import { Empty, Spin } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useCurrentProject, type Project } from "../project/current";

/** Renders its children with the current project, or says why there is none yet. */
export default function ProjectGate({ children, what }: { children: (project: Project) => ReactNode; what: string }) {
  const { project, isLoading } = useCurrentProject();
  const { t } = useTranslation();
  if (isLoading) {
    return (
      <div style={{ display: "grid", placeItems: "center", padding: 48 }}>
        <Spin tip={t("projectGate.loading")}>
          <div style={{ width: 200, height: 40 }} />
        </Spin>
      </div>
    );
  }
  if (!project) {
    return (
      <Empty
        style={{ marginTop: 48 }}
        description={t("projectGate.noProject", { what })}
      />
    );
  }
  return <>{children(project)}</>;
}
