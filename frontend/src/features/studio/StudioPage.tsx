// The Studio: a tree of workflows and nodes, a tab per open node with its editor, run output and
// settings, versions and deploy. Routes: /studio and /studio/nodes/:nodeId.
import { Empty, Spin, Typography } from "antd";
import { useEffect, useReducer } from "react";
import { useTranslation } from "react-i18next";

import { useCurrentProject } from "../../project/current";
import { restoreTabs, storeTabs } from "./persistedTabs";
import StudioWorkspace from "./StudioWorkspace";
import { studioReducer } from "./tabs";

const STUDIO_CSS = `
.studio-tabs { height: 100%; display: flex; flex-direction: column; }
.studio-tabs > .ant-tabs-nav { margin-bottom: 8px; }
.studio-tabs > .ant-tabs-content-holder { flex: 1; min-height: 0; }
.studio-tabs > .ant-tabs-content-holder > .ant-tabs-content,
.studio-tabs > .ant-tabs-content-holder > .ant-tabs-content > .ant-tabs-tabpane { height: 100%; }
.studio-fill-tabs { display: flex; flex-direction: column; }
.studio-fill-tabs > .ant-tabs-nav { margin-bottom: 4px; }
.studio-fill-tabs > .ant-tabs-content-holder { flex: 1; min-height: 0; }
.studio-fill-tabs > .ant-tabs-content-holder > .ant-tabs-content,
.studio-fill-tabs > .ant-tabs-content-holder > .ant-tabs-content > .ant-tabs-tabpane { height: 100%; }
.studio-tree .ant-tree-node-content-wrapper { display: flex; align-items: center; min-width: 0; }
.studio-tree .ant-tree-title { flex: 1; min-width: 0; }
.studio-tree-title { display: flex; align-items: center; gap: 4px; }
.studio-tree-title > span:first-child { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.studio-tree-actions { opacity: 0.35; }
.ant-tree-treenode:hover .studio-tree-actions, .studio-tree-actions:focus { opacity: 1; }
`;

export default function StudioPage() {
  const { t } = useTranslation("studio");
  const { projectId, project, isLoading } = useCurrentProject();
  // Tabs of every project live here, so that switching projects and back keeps unsaved work;
  // which were open is kept in the browser for a reload.
  const [state, dispatch] = useReducer(studioReducer, undefined, () => restoreTabs());
  useEffect(() => storeTabs(state), [state]);

  return (
    <section aria-labelledby="page-title" style={{ display: "flex", flexDirection: "column", height: "calc(100vh - 112px)", minHeight: 480 }}>
      <style>{STUDIO_CSS}</style>
      <Typography.Title level={1} id="page-title" style={{ fontSize: 20, margin: "0 0 8px" }}>
        {t("title")}
      </Typography.Title>
      {isLoading ? (
        <Spin />
      ) : projectId === null || !project ? (
        <Empty description={t("noProject")} style={{ marginTop: 48 }} />
      ) : (
        <StudioWorkspace projectId={projectId} timezone={project.timezone} state={state} dispatch={dispatch} />
      )}
    </section>
  );
}
