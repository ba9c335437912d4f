import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useNavigate, useParams } from "react-router-dom";

import { keys } from "../../../queries/keys";
import { findTab, type StudioTabs, type TabsAction, type TabsState } from "../tabs";

/** The URL (/studio/nodes/:nodeId) names the active tab; the tabs follow it, not the other way
 * round. Returns the node shown and how to open one. */
export function useStudioRoute(projectId: number, all: StudioTabs, tabs: TabsState, dispatch: (action: TabsAction) => void, onProjectChange: () => void) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const params = useParams();
  const match = /^nodes\/(\d+)\/?$/.exec(params["*"] ?? "");
  const urlNodeId = match ? Number(match[1]) : null;

  const lastProject = useRef(projectId);
  useEffect(() => {
    if (lastProject.current !== projectId) {
      // The project changed in the header: the node in the URL belongs to the old one.
      lastProject.current = projectId;
      onProjectChange();
      const active = all[projectId]?.active;
      navigate(active ? `/studio/nodes/${active}` : "/studio", { replace: true });
      return;
    }
    if (urlNodeId !== null) {
      // A tab opened anew shows the node as the server has it now: the designer (or a
      // colleague) may have changed its upstreams since it was last open here.
      if (!findTab(tabs, urlNodeId)) client.removeQueries({ queryKey: keys.nodeDraft(projectId, urlNodeId), exact: true });
      dispatch({ type: "open", nodeId: urlNodeId });
    } else if (tabs.active !== null) navigate(`/studio/nodes/${tabs.active}`, { replace: true });
    // Only when the URL or the project changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [projectId, urlNodeId]);

  const activeId = urlNodeId !== null && findTab(tabs, urlNodeId) ? urlNodeId : null;
  const open = (nodeId: number) => navigate(`/studio/nodes/${nodeId}`);
  const leaveTo = (nodeId: number | null) => navigate(nodeId ? `/studio/nodes/${nodeId}` : "/studio", { replace: true });
  return { activeId, open, leaveTo };
}
