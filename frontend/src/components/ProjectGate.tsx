import { Empty, Spin } from "antd";
import type { ReactNode } from "react";

import { useCurrentProject, type Project } from "../project/current";

/** Renders its children with the current project, or says why there is none yet. */
export default function ProjectGate({ children, what }: { children: (project: Project) => ReactNode; what: string }) {
  const { project, isLoading } = useCurrentProject();
  if (isLoading) {
    return (
      <div style={{ display: "grid", placeItems: "center", padding: 48 }}>
        <Spin tip="Loading projects…">
          <div style={{ width: 200, height: 40 }} />
        </Spin>
      </div>
    );
  }
  if (!project) {
    return (
      <Empty
        style={{ marginTop: 48 }}
        description={`You are not a member of any project yet. Ask a project owner to add you, or create a project, then choose it in the header to see its ${what}.`}
      />
    );
  }
  return <>{children(project)}</>;
}
