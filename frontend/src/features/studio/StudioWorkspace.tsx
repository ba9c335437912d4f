// One project's Studio: the tree on the left (resizable), a tab per open node on the right.
import { useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Empty, Spin, Splitter, Tabs } from "antd";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { keys } from "../../queries/keys";
import { useProjectGraph } from "../../queries/project";
import { useKnownTables, useNode } from "./api";
import { useCloseTab } from "./hooks/useCloseTab";
import { useNodeActions } from "./hooks/useNodeActions";
import { usePaneSizes } from "./hooks/usePaneSizes";
import { useStudioRoute } from "./hooks/useStudioRoute";
import { useStudioShortcuts } from "./hooks/useStudioShortcuts";
import { useUnsavedGuard } from "./hooks/useUnsavedGuard";
import NodePane from "./NodePane";
import NodeTree from "./NodeTree";
import { businessDate } from "../../clock";
import TabLabel from "./TabLabel";
import TabLoadError from "./TabLoadError";
import { EMPTY_TABS, dirtyTabs, findTab, isDirty, type StudioTabs, type TabsAction } from "./tabs";

interface Props {
  projectId: number;
  timezone: string;
  state: StudioTabs;
  dispatch: (action: TabsAction & { projectId: number }) => void;
}

export default function StudioWorkspace({ projectId, timezone, state, dispatch: dispatchAll }: Props) {
  const { t } = useTranslation("studio");
  const { modal } = AntApp.useApp();
  const client = useQueryClient();
  const tabs = state[projectId] ?? EMPTY_TABS;
  const dispatch = useCallback((action: TabsAction) => dispatchAll({ ...action, projectId }), [dispatchAll, projectId]);
  const graph = useProjectGraph(projectId);
  const tables = useKnownTables(projectId);
  const [bizdate, setBizdate] = useState(() => businessDate(timezone));
  const { sizes, remember } = usePaneSizes("tree", [230, "auto"]);

  const { activeId, open, leaveTo } = useStudioRoute(projectId, state, tabs, dispatch, () => setBizdate(businessDate(timezone)));
  const activeTab = findTab(tabs, activeId);
  const actions = useNodeActions(projectId, tabs, dispatch, bizdate);
  const { closeNow, closeTab } = useCloseTab(tabs, activeId, dispatch, actions.save, (nodeId, next) => {
    actions.closeRun(nodeId);
    if (activeId === nodeId) leaveTo(next);
  });

  // The active node, loaded into its tab; a newer copy from the server (an edge drawn in the
  // designer meanwhile) replaces a tab without unsaved edits.
  const nodeQuery = useNode(projectId, activeId);
  const shown = useRef<unknown>(null);
  useEffect(() => {
    const data = nodeQuery.data;
    if (!data || !activeTab || data.node.id !== activeTab.nodeId) return;
    if (!activeTab.saved || (data !== shown.current && !isDirty(activeTab))) {
      shown.current = data;
      dispatch({ type: "loaded", nodeId: data.node.id, meta: data.meta, values: data.values });
    }
  }, [nodeQuery.data, activeTab, dispatch]);

  useStudioShortcuts({ save: actions.save, run: actions.run, activeId });
  useUnsavedGuard(Object.values(state).flatMap(dirtyTabs), modal);

  const dirtyIds = useMemo(() => new Set(dirtyTabs(tabs).map((tab) => tab.nodeId)), [tabs]);
  const graphNodes = graph.data?.nodes ?? [];

  const onRenamed = (nodeId: number, name: string) => {
    dispatch({ type: "meta", nodeId, meta: { name } });
    // The name is versioned: a rename made a new version. Unsaved edits stay.
    if (findTab(tabs, nodeId)?.saved) {
      void actions
        .refreshNode(nodeId)
        .then((loaded) => dispatch({ type: "loaded", nodeId, meta: loaded.meta, values: loaded.values }))
        .catch(() => undefined);
    } else {
      void client.invalidateQueries({ queryKey: keys.nodeDraft(projectId, nodeId) });
    }
  };

  return (
    <Splitter style={{ flex: 1, minHeight: 0 }} onResizeEnd={remember} className="studio-split">
      <Splitter.Panel defaultSize={sizes[0]} min={160} max="60%">
        <aside style={{ height: "100%", display: "flex", flexDirection: "column", minHeight: 0, paddingRight: 8 }} aria-label={t("tree.label")}>
          <NodeTree
            projectId={projectId}
            activeNodeId={activeId}
            dirtyNodeIds={dirtyIds}
            onOpen={open}
            onDeleted={(nodeId) => {
              if (findTab(tabs, nodeId)) closeNow(nodeId);
            }}
            onRenamed={onRenamed}
          />
        </aside>
      </Splitter.Panel>
      <Splitter.Panel min={400}>
        <main style={{ height: "100%", minWidth: 0, minHeight: 0, display: "flex", flexDirection: "column", paddingLeft: 8 }}>
          {tabs.tabs.length === 0 ? (
            <Empty style={{ marginTop: 64 }} description={t("tabs.empty")} />
          ) : (
            <Tabs
              className="studio-tabs"
              type="editable-card"
              hideAdd
              size="small"
              activeKey={activeId !== null ? String(activeId) : undefined}
              onChange={(key) => open(Number(key))}
              onEdit={(key, action) => {
                if (action === "remove") closeTab(Number(key));
              }}
              items={tabs.tabs.map((tab) => {
                const name = tab.meta?.name ?? graphNodes.find((n) => n.id === tab.nodeId)?.name ?? `#${tab.nodeId}`;
                const dirty = isDirty(tab);
                return {
                  key: String(tab.nodeId),
                  closable: true,
                  label: <TabLabel name={name} type={tab.meta?.type} dirty={dirty} />,
                  children:
                    tab.saved && tab.draft && tab.meta ? (
                      <NodePane
                        projectId={projectId}
                        nodeId={tab.nodeId}
                        meta={tab.meta}
                        draft={tab.draft}
                        dirty={dirty}
                        timezone={timezone}
                        bizdate={bizdate}
                        onBizdate={setBizdate}
                        onEdit={(patch) => dispatch({ type: "edit", nodeId: tab.nodeId, patch })}
                        onSave={() => void actions.save(tab.nodeId)}
                        onRun={() => void actions.run(tab.nodeId)}
                        onFormat={() => void actions.format(tab.nodeId)}
                        onRevert={() => dispatch({ type: "revert", nodeId: tab.nodeId })}
                        onDeploy={(text, version) => actions.deploy(tab.nodeId, text, version)}
                        onRestore={(number) => actions.restore(tab.nodeId, number)}
                        saving={actions.busy.saving.has(tab.nodeId)}
                        running={actions.busy.running.has(tab.nodeId)}
                        runInstanceId={actions.runs[tab.nodeId] ?? null}
                        onCloseRun={() => actions.closeRun(tab.nodeId)}
                        graphNodes={graphNodes}
                        knownTables={tables.data}
                      />
                    ) : tab.nodeId === activeId && nodeQuery.isError ? (
                      <TabLoadError error={nodeQuery.error} onClose={() => closeNow(tab.nodeId)} />
                    ) : (
                      <Spin style={{ display: "block", marginTop: 48 }} />
                    ),
                };
              })}
            />
          )}
        </main>
      </Splitter.Panel>
    </Splitter>
  );
}
