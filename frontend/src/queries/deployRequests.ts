// Deploy requests, which the Studio submits and shows per node and the Deploys page reviews. They
// live under the nodes' key: a deploy changes both.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { ok, server, type Schema } from "../api/client";
import { changes, invalidate } from "./invalidate";
import { keys } from "./keys";
import { itemPath, projectPath } from "./project";

export type DeployReview = Schema<"DeployReview">;
export type DeployRequestStatus = Schema<"DeployRequestStatusEnum">;
export type Submit = Schema<"BatchDeployRequest">;

/** The project's requests, newest first: of one status, and those including one node, if asked. */
export function useDeployRequests(projectId: number | null, status: DeployRequestStatus | null, node: number | null = null) {
  return useQuery({
    queryKey: keys.deployRequests(projectId, status, node),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/deploy-requests/", {
          params: { path: projectPath(projectId), query: { ...(status ? { status } : {}), ...(node ? { node } : {}) } },
          signal,
        }),
      ),
    enabled: projectId !== null,
  });
}

export function useDeployRequest(projectId: number | null, id: number | null) {
  return useQuery({
    queryKey: keys.deployRequest(projectId, id),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/deploy-requests/{id}/", { params: { path: itemPath(projectId, id, "deploy request") }, signal })),
    enabled: projectId !== null && id !== null,
  });
}

export function useSubmitDeploy(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Submit) =>
      ok(server.POST("/api/v1/projects/{project_id}/deploy-requests/", { params: { path: projectPath(projectId) }, body })),
    onSuccess: () => void invalidate(client, changes.nodes(projectId), [keys.audit(projectId)]),
  });
}
