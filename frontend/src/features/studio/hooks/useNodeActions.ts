import { useQueryClient } from "@tanstack/react-query";
import { App as AntApp } from "antd";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";

import { showError } from "../../../errors";
import { changes, invalidate } from "../../../queries/invalidate";
import { keys } from "../../../queries/keys";
import { deployNode, formatSql, loadNode, patchNode, putUpstreams, restoreVersion, testRun } from "../api";
import { savePlan } from "../draft";
import { findTab, type TabsAction, type TabsState } from "../tabs";
import { useBusy } from "./useBusy";

/** What the toolbar of an open node does: save, test-run, format, deploy, restore a version. */
export function useNodeActions(projectId: number, tabs: TabsState, dispatch: (action: TabsAction) => void, bizdate: string) {
  const { t } = useTranslation("studio");
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const { busy, mark } = useBusy();
  // The test run shown under each node's editor.
  const [runs, setRuns] = useState<Record<number, number>>({});
  const closeRun = useCallback((nodeId: number) => setRuns(({ [nodeId]: _gone, ...rest }) => rest), []);

  const refreshNode = useCallback(
    async (nodeId: number) => {
      const loaded = await loadNode(projectId, nodeId);
      client.setQueryData(keys.nodeDraft(projectId, nodeId), loaded);
      void invalidate(client, changes.nodes(projectId));
      return loaded;
    },
    [client, projectId],
  );

  const save = useCallback(
    async (nodeId: number): Promise<boolean> => {
      const tab = findTab(tabs, nodeId);
      if (!tab?.saved || !tab.draft || !tab.meta) return false;
      const { patch, upstreams } = savePlan(tab.saved, tab.draft);
      if (Object.keys(patch).length === 0 && upstreams === null) {
        void message.info(t("actions.nothingToSave", { name: tab.meta.name }));
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
        void message.success(t("actions.saved", { name: loaded.meta.name, version: loaded.meta.latestVersion }));
        return true;
      } catch (error) {
        showError(message, error, t("actions.saveFailed", { name: tab.meta.name }));
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
    [tabs, projectId, refreshNode, dispatch, message, mark, t],
  );

  const run = useCallback(
    async (nodeId: number) => {
      const tab = findTab(tabs, nodeId);
      if (!tab?.draft || !tab.meta || !tab.saved) return;
      if (tab.meta.type === "virtual") {
        void message.info(t("actions.virtualRun"));
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
        void invalidate(client, changes.instances(projectId));
        void message.success(t("actions.runStarted", { id: instance.id, name: tab.meta.name, bizdate }));
        if (unsavedSettings.length) void message.warning(t("actions.runUsesSaved", { fields: unsavedSettings.join(", ") }));
      } catch (error) {
        showError(message, error, t("actions.runFailed", { name: tab.meta.name }));
      } finally {
        mark("running", nodeId, false);
      }
    },
    [tabs, projectId, bizdate, save, message, mark, client, t],
  );

  const format = async (nodeId: number) => {
    const tab = findTab(tabs, nodeId);
    if (!tab?.draft) return;
    try {
      const { sql } = await formatSql(projectId, tab.draft.code);
      if (sql === tab.draft.code) {
        void message.info(t("actions.alreadyFormatted"));
      } else {
        dispatch({ type: "edit", nodeId, patch: { code: sql } });
        void message.success(t("actions.formatted"));
      }
    } catch (error) {
      showError(message, error, t("actions.formatFailed"));
    }
  };

  const deploy = async (nodeId: number, text: string, version: number | null) => {
    const name = findTab(tabs, nodeId)?.meta?.name ?? "";
    try {
      await deployNode(projectId, nodeId, text, version);
      const loaded = await refreshNode(nodeId);
      dispatch({ type: "meta", nodeId, meta: loaded.meta });
      void message.success(t("actions.deployed", { name, version: version ?? loaded.meta.latestVersion }));
      return true;
    } catch (error) {
      showError(message, error, t("actions.deployFailed", { name }));
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
      void message.success(t("actions.restored", { number, version: loaded.meta.latestVersion }));
    } catch (error) {
      showError(message, error, t("actions.restoreFailed", { number }));
    }
  };

  return { save, run, format, deploy, restore, refreshNode, busy, runs, closeRun };
}
