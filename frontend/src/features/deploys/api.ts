// Deploy requests and packages: submit, review (approve or reject), withdraw, roll back. A
// decision deploys, so it refreshes the nodes and everything under them (requests, packages).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { ok, server, type Schema } from "../../api/client";
import { changes, invalidate } from "../../queries/invalidate";
import { keys } from "../../queries/keys";
import { itemPath, projectPath } from "../../queries/project";

export { useDeployRequest, useDeployRequests, useSubmitDeploy, type DeployReview, type DeployRequestStatus } from "../../queries/deployRequests";
export type ReviewCheck = Schema<"ReviewCheck">;
export type DeployPackage = Schema<"DeployPackage">;

export function useDeployPackages(projectId: number | null) {
  return useQuery({
    queryKey: keys.deployPackages(projectId),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/deploy-packages/", { params: { path: projectPath(projectId) }, signal })),
    enabled: projectId !== null,
  });
}

function useDeployWrite<T>(projectId: number | null, call: (body: T) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => void invalidate(client, changes.nodes(projectId), [keys.audit(projectId)]),
  });
}

export type Decision =
  | { id: number; verdict: "approve"; comment: string; override_reason: string }
  | { id: number; verdict: "reject"; comment: string }
  | { id: number; verdict: "withdraw" };

export function useDecide(projectId: number | null) {
  return useDeployWrite(projectId, (decision: Decision) => {
    const params = { path: itemPath(projectId, decision.id, "deploy request") };
    if (decision.verdict === "approve") {
      const { comment, override_reason } = decision;
      return ok(server.POST("/api/v1/projects/{project_id}/deploy-requests/{id}/approve/", { params, body: { comment, override_reason } }));
    }
    if (decision.verdict === "reject") {
      return ok(server.POST("/api/v1/projects/{project_id}/deploy-requests/{id}/reject/", { params, body: { comment: decision.comment } }));
    }
    return ok(server.POST("/api/v1/projects/{project_id}/deploy-requests/{id}/withdraw/", { params }));
  });
}

export function useRollback(projectId: number | null) {
  return useDeployWrite(projectId, ({ id, message }: { id: number; message: string }) =>
    ok(
      server.POST("/api/v1/projects/{project_id}/deploy-packages/{id}/rollback/", {
        params: { path: itemPath(projectId, id, "deploy package") },
        body: { message },
      }),
    ),
  );
}

/** The failed checks that hold an approval until the reviewer gives a reason. */
export function blockingChecks(checks: ReviewCheck[]): ReviewCheck[] {
  return checks.filter((check) => !check.ok && check.level === "error");
}
