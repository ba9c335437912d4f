// The Studio: a tree of workflows and nodes, a tab per open node with its editor, run output and
// settings, versions and deploy. Routes: /studio and /studio/nodes/:nodeId.
import { useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Empty, Result, Spin, Tabs, Typography } from "antd";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";

import { ApiError } from "../../api/client";
import { errorMessage, showError } from "../../errors";
import { useCurrentProject } from "../../project/current";
import { changes, invalidate } from "../../queries/invalidate";
import { keys } from "../../queries/keys";
import { useProjectGraph } from "../../queries/project";
import {
  deployNode,
  formatSql,
  loadNode,
  patchNode,
  putUpstreams,
  restoreVersion,
  testRun,
  useKnownTables,
  useNode,
} from "./api";
import { savePlan } from "./draft";
import { useBusy } from "./hooks/useBusy";
import { useStudioShortcuts } from "./hooks/useStudioShortcuts";
import { useUnsavedGuard } from "./hooks/useUnsavedGuard";
import NodeTree, { TYPE_ICONS } from "./NodeTree";
import NodePane from "./NodePane";
import { businessDate as defaultBizdate } from "../../clock";
import {
  EMPTY_TABS,
  dirtyTabs,
  findTab,
  isDirty,
  neighbourAfterClose,
  studioReducer,
  type StudioTabs,
  type TabsAction,
} from "./tabs";
import type { Draft } from "./types";

const STUDIO_CSS = `
.studio-tabs { height: 100%; display: flex; flex-direction: column; }
.studio-tabs > .ant-tabs-nav { margin-bottom: 8px; }
.studio-tabs > .ant-tabs-content-holder { flex: 1; min-height: 0; }
.studio-tabs > .ant-tabs-content-holder > .ant-tabs-content,
.studio-tabs > .ant-tabs-content-holder > .ant-tabs-content > .ant-tabs-tabpane { height: 100%; }
.studio-tree .ant-tree-node-content-wrapper { display: flex; align-items: center; min-width: 0; }
.studio-tree .ant-tree-title { flex: 1; min-width: 0; }
.studio-tree-title { display: flex; align-items: center; gap: 4px; }
.studio-tree-title > span:first-child { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.studio-tree-actions { opacity: 0.35; }
.ant-tree-treenode:hover .studio-tree-actions, .studio-tree-actions:focus { opacity: 1; }
`;

export default function StudioPage() {
  const { projectId, project, isLoading } = useCurrentProject();
  // Tabs of every project live here, so that switching projects and back keeps unsaved work.
  const [state, dispatch] = useReducer(studioReducer, {} as StudioTabs);

  return (
    <section aria-labelledby="page-title" style={{ display: "flex", flexDirection: "column", height: "calc(100vh - 112px)", minHeight: 480 }}>
      <style>{STUDIO_CSS}</style>
      <Typography.Title level={1} id="page-title" style={{ fontSize: 20, margin: "0 0 8px" }}>
        Studio
      </Typography.Title>
      {isLoading ? (
        <Spin />
      ) : projectId === null || !project ? (
        <Empty description="You are not a member of any project yet. Create one, or ask an owner to add you." style={{ marginTop: 48 }} />
      ) : (
        <Studio projectId={projectId} timezone={project.timezone} state={state} dispatch={dispatch} />
      )}
    </section>
  );
}

interface StudioProps {
  projectId: number;
  timezone: string;
  state: StudioTabs;
  dispatch: (action: TabsAction & { projectId: number }) => void;
}

function Studio({ projectId, timezone, state, dispatch: dispatchAll }: StudioProps) {
  const { message, modal } = AntApp.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const params = useParams();
  const match = /^nodes\/(\d+)\/?$/.exec(params["*"] ?? "");
  const urlNodeId = match ? Number(match[1]) : null;
  const tabs = state[projectId] ?? EMPTY_TABS;
  const dispatch = useCallback((action: TabsAction) => dispatchAll({ ...action, projectId }), [dispatchAll, projectId]);

  const graph = useProjectGraph(projectId);
  const tables = useKnownTables(projectId);
  const [bizdate, setBizdate] = useState(() => defaultBizdate(timezone));
  const [runs, setRuns] = useState<Record<number, number>>({});
  const { busy, mark } = useBusy();

  // --- the URL names the active tab ---------------------------------------------------
  const lastProject = useRef(projectId);
  useEffect(() => {
    if (lastProject.current !== projectId) {
      // The project changed in the header: the node in the URL belongs to the old one.
      lastProject.current = projectId;
      setBizdate(defaultBizdate(timezone));
      const active = state[projectId]?.active;
      navigate(active ? `/studio/nodes/${active}` : "/studio", { replace: true });
      return;
    }
    if (urlNodeId !== null) {
      // A tab opened anew shows the node as the server has it now: the designer (or a
      // colleague) may have changed its upstreams since it was last open here.
      if (!findTab(tabs, urlNodeId)) client.removeQueries({ queryKey: keys.nodeDraft(projectId, urlNodeId), exact: true });
      dispatch({ type: "open", nodeId: urlNodeId });
    } else if (tabs.active !== null) navigate(`/studio/nodes/${tabs.active}`, { replace: true });
    // Only when the URL or the project changes: the tabs follow the URL, not the other way round.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [projectId, urlNodeId]);

  const activeId = urlNodeId !== null && findTab(tabs, urlNodeId) ? urlNodeId : null;
  const activeTab = findTab(tabs, activeId);
  const open = (nodeId: number) => navigate(`/studio/nodes/${nodeId}`);

  // --- load the active node -------------------------------------------------------------
  const nodeQuery = useNode(projectId, activeId);
  useEffect(() => {
    const data = nodeQuery.data;
    if (data && activeTab && !activeTab.saved && data.node.id === activeTab.nodeId) {
      dispatch({ type: "loaded", nodeId: data.node.id, meta: data.meta, values: data.values });
    }
  }, [nodeQuery.data, activeTab, dispatch]);

  const refreshNode = useCallback(
    async (nodeId: number) => {
      const loaded = await loadNode(projectId, nodeId);
      client.setQueryData(keys.nodeDraft(projectId, nodeId), loaded);
      void invalidate(client, changes.nodes(projectId));
      return loaded;
    },
    [client, projectId],
  );

  // --- actions --------------------------------------------------------------------------
  const save = useCallback(
    async (nodeId: number): Promise<boolean> => {
      const tab = findTab(tabs, nodeId);
      if (!tab?.saved || !tab.draft || !tab.meta) return false;
      const { patch, upstreams } = savePlan(tab.saved, tab.draft);
      if (Object.keys(patch).length === 0 && upstreams === null) {
        void message.info(`${tab.meta.name}: nothing to save`);
        return true;
      }
      const sent = tab.draft;
      mark("saving", nodeId, true);
      let wrote = false;
      try {
        if (Object.keys(patch).length) {
          await patchNode(projectId, nodeId, patch);
          wrote = true;
        }
        if (upstreams !== null) await putUpstreams(projectId, nodeId, upstreams);
        const loaded = await refreshNode(nodeId);
        dispatch({ type: "saved", nodeId, sent, meta: loaded.meta, values: loaded.values });
        void message.success(`Saved ${loaded.meta.name} (version ${loaded.meta.latestVersion})`);
        return true;
      } catch (error) {
        showError(message, error, `Could not save ${tab.meta.name}`);
        if (wrote) {
          // Part of it was stored: show what the server has, keep the rest as unsaved edits.
          const loaded = await refreshNode(nodeId).catch(() => null);
          if (loaded) dispatch({ type: "loaded", nodeId, meta: loaded.meta, values: loaded.values });
        }
        return false;
      } finally {
        mark("saving", nodeId, false);
      }
    },
    [tabs, projectId, refreshNode, dispatch, message, mark],
  );

  const run = useCallback(
    async (nodeId: number) => {
      const tab = findTab(tabs, nodeId);
      if (!tab?.draft || !tab.meta || !tab.saved) return;
      if (tab.meta.type === "virtual") {
        void message.info("A virtual node has nothing to run.");
        return;
      }
      const { patch } = savePlan(tab.saved, tab.draft);
      const unsavedSettings = Object.keys(patch).filter((field) => field !== "code" && field !== "parameters");
      mark("running", nodeId, true);
      try {
        // The run takes the code from the editor; other settings as saved. Node parameters too,
        // so save them first when they changed.
        if ("parameters" in patch) {
          if (!(await save(nodeId))) return;
        }
        const instance = await testRun(projectId, nodeId, tab.draft.code, bizdate);
        setRuns((current) => ({ ...current, [nodeId]: instance.id }));
        void message.success(`Test run #${instance.id} of ${tab.meta.name} started for ${bizdate}`);
        if (unsavedSettings.length) {
          void message.warning(`The run uses the saved ${unsavedSettings.join(", ")}; save to use your changes.`);
        }
      } catch (error) {
        showError(message, error, `Could not run ${tab.meta.name}`);
      } finally {
        mark("running", nodeId, false);
      }
    },
    [tabs, projectId, bizdate, save, message, mark],
  );

  const format = async (nodeId: number) => {
    const tab = findTab(tabs, nodeId);
    if (!tab?.draft) return;
    try {
      const { sql } = await formatSql(projectId, tab.draft.code);
      if (sql === tab.draft.code) {
        void message.info("Already formatted");
      } else {
        dispatch({ type: "edit", nodeId, patch: { code: sql } });
        void message.success("Formatted the SQL");
      }
    } catch (error) {
      showError(message, error, "Could not format");
    }
  };

  const deploy = async (nodeId: number, text: string, version: number | null) => {
    const name = findTab(tabs, nodeId)?.meta?.name ?? "the node";
    try {
      await deployNode(projectId, nodeId, text, version);
      const loaded = await refreshNode(nodeId);
      dispatch({ type: "meta", nodeId, meta: loaded.meta });
      void message.success(`Deployed ${name} version ${version ?? loaded.meta.latestVersion}`);
      return true;
    } catch (error) {
      showError(message, error, `Could not deploy ${name}`);
      return false;
    }
  };

  const restore = async (nodeId: number, number: number) => {
    const tab = findTab(tabs, nodeId);
    try {
      await restoreVersion(projectId, nodeId, number);
      const loaded = await refreshNode(nodeId);
      // A restore replaces what the editor holds.
      dispatch({ type: "saved", nodeId, sent: tab?.draft ?? loaded.values, meta: loaded.meta, values: loaded.values });
      dispatch({ type: "revert", nodeId });
      void message.success(`Restored version ${number} as version ${loaded.meta.latestVersion}`);
    } catch (error) {
      showError(message, error, `Could not restore version ${number}`);
    }
  };

  const edit = useCallback((nodeId: number, patch: Partial<Draft>) => dispatch({ type: "edit", nodeId, patch }), [dispatch]);

  const closeNow = (nodeId: number) => {
    const next = neighbourAfterClose({ ...tabs, active: activeId }, nodeId);
    dispatch({ type: "close", nodeId });
    setRuns(({ [nodeId]: _gone, ...rest }) => rest);
    if (activeId === nodeId) navigate(next ? `/studio/nodes/${next}` : "/studio", { replace: true });
  };

  const closeTab = (nodeId: number) => {
    const tab = findTab(tabs, nodeId);
    if (!isDirty(tab)) {
      closeNow(nodeId);
      return;
    }
    const name = tab?.meta?.name ?? "this node";
    const dialog = modal.confirm({
      title: `Close ${name} with unsaved changes?`,
      content: "Save them, or discard them and close the tab.",
      okText: "Save and close",
      cancelText: "Keep editing",
      footer: (_, { OkBtn, CancelBtn }) => (
        <>
          <CancelBtn />
          <Button
            danger
            onClick={() => {
              dialog.destroy();
              closeNow(nodeId);
            }}
          >
            Discard changes
          </Button>
          <OkBtn />
        </>
      ),
      onOk: async () => {
        if (await save(nodeId)) closeNow(nodeId);
      },
    });
  };

  useStudioShortcuts({ save, run, activeId });
  useUnsavedGuard(Object.values(state).flatMap(dirtyTabs), modal);

  const dirtyIds = useMemo(() => new Set(dirtyTabs(tabs).map((tab) => tab.nodeId)), [tabs]);
  const graphNodes = graph.data?.nodes ?? [];

  return (
    <div style={{ display: "flex", gap: 12, flex: 1, minHeight: 0 }}>
      <aside style={{ width: 230, flexShrink: 0, display: "flex", flexDirection: "column", minHeight: 0 }} aria-label="Workflows and nodes">
        <NodeTree
          projectId={projectId}
          activeNodeId={activeId}
          dirtyNodeIds={dirtyIds}
          onOpen={open}
          onDeleted={(nodeId) => {
            if (findTab(tabs, nodeId)) closeNow(nodeId);
          }}
          onRenamed={(nodeId, name) => {
            dispatch({ type: "meta", nodeId, meta: { name } });
            // The name is versioned: a rename made a new version. Unsaved edits stay.
            if (findTab(tabs, nodeId)?.saved) {
              void refreshNode(nodeId)
                .then((loaded) => dispatch({ type: "loaded", nodeId, meta: loaded.meta, values: loaded.values }))
                .catch(() => undefined);
            } else {
              void client.invalidateQueries({ queryKey: keys.nodeDraft(projectId, nodeId) });
            }
          }}
        />
      </aside>
      <main style={{ flex: 1, minWidth: 0, minHeight: 0, display: "flex", flexDirection: "column" }}>
        {tabs.tabs.length === 0 ? (
          <Empty
            style={{ marginTop: 64 }}
            description="Open a node from the tree, or create one with the + button. Ctrl+S saves, Ctrl+Enter runs."
          />
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
                label: (
                  <span data-testid={`tab-${name}`} data-dirty={dirty ? "true" : "false"}>
                    {tab.meta && TYPE_ICONS[tab.meta.type]} {name}
                    {dirty && (
                      <span aria-label="unsaved changes" title="unsaved changes" style={{ color: "#fa8c16", marginLeft: 4 }}>
                        ●
                      </span>
                    )}
                  </span>
                ),
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
                      onEdit={(patch) => edit(tab.nodeId, patch)}
                      onSave={() => void save(tab.nodeId)}
                      onRun={() => void run(tab.nodeId)}
                      onFormat={() => void format(tab.nodeId)}
                      onRevert={() => dispatch({ type: "revert", nodeId: tab.nodeId })}
                      onDeploy={(text, version) => deploy(tab.nodeId, text, version)}
                      onRestore={(number) => restore(tab.nodeId, number)}
                      saving={busy.saving.has(tab.nodeId)}
                      running={busy.running.has(tab.nodeId)}
                      runInstanceId={runs[tab.nodeId] ?? null}
                      onCloseRun={() => setRuns(({ [tab.nodeId]: _gone, ...rest }) => rest)}
                      graphNodes={graphNodes}
                      knownTables={tables.data}
                    />
                  ) : tab.nodeId === activeId && nodeQuery.isError ? (
                    <Result
                      status={nodeQuery.error instanceof ApiError && nodeQuery.error.status === 404 ? "404" : "error"}
                      title={
                        nodeQuery.error instanceof ApiError && nodeQuery.error.status === 404
                          ? "This node is not in the current project (or was deleted)."
                          : "Could not load the node"
                      }
                      subTitle={errorMessage(nodeQuery.error)}
                      extra={<Button onClick={() => closeNow(tab.nodeId)}>Close the tab</Button>}
                    />
                  ) : (
                    <Spin style={{ display: "block", marginTop: 48 }} />
                  ),
              };
            })}
          />
        )}
      </main>
    </div>
  );
}
