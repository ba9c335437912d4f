// The Settings pages' server calls: projects, members, data sources, the audit log, the caller's
// API tokens and (for staff) the installation's accounts. Each write invalidates what it changes.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { ok, server, type Schema } from "../../api/client";
import { itemPath, projectPath } from "../../queries/project";
import { changes, invalidate } from "../../queries/invalidate";
import { keys, type AuditFilters, type UserFilters } from "../../queries/keys";

export type ApiToken = Schema<"TokenOutput">;
export type NewToken = Schema<"NewToken">;
export type TokenRequest = Schema<"TokenInputRequest">;
export type ProjectUpdate = Schema<"PatchedProjectUpdateRequest">;
export type ProjectCreate = Schema<"ProjectInputRequest">;
export type DataSourceKind = Schema<"DataSourceKind">;
export type DataSourceUsage = Schema<"DataSourceUsage">;
export type DataSourceCreate = Schema<"DataSourceInputRequest">;
export type DataSourceUpdate = Schema<"PatchedDataSourceUpdateRequest">;
export type ConnectionTest = Schema<"ConnectionTest">;
export type AuditEntry = Schema<"AuditEntry">;
export type Role = Schema<"RoleEnum">;
export type UserAccount = Schema<"UserAdminOutput">;
export type UserCreate = Schema<"UserCreateRequest">;
export type UserUpdate = Schema<"PatchedUserUpdateRequest">;

// --- API tokens ---------------------------------------------------------------------------

export function useTokens() {
  return useQuery({
    queryKey: keys.tokens,
    queryFn: ({ signal }) => ok(server.GET("/api/v1/auth/tokens/", { signal })),
  });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TokenRequest) => ok(server.POST("/api/v1/auth/tokens/", { body })),
    onSuccess: () => void invalidate(client, changes.tokens()),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => ok(server.DELETE("/api/v1/auth/tokens/{id}/", { params: { path: { id } } })),
    onSuccess: () => void invalidate(client, changes.tokens()),
  });
}

/** When a token stops working: "never", a date, or "expired <date>" (`words` translates). */
export function expiryText(
  token: Pick<ApiToken, "expires_at" | "expired">,
  format: (iso: string) => string,
  words: { never: string; expired: (date: string) => string } = { never: "never", expired: (date) => `expired ${date}` },
): string {
  if (!token.expires_at) return words.never;
  return token.expired ? words.expired(format(token.expires_at)) : format(token.expires_at);
}

// --- projects -----------------------------------------------------------------------------

/** Change a project's settings (PATCH /api/v1/projects/{id}/); owners and admins. */
export function useUpdateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: ProjectUpdate }) =>
      ok(server.PATCH("/api/v1/projects/{id}/", { params: { path: { id } }, body })),
    onSuccess: (_, { id }) => void invalidate(client, changes.projects(), [keys.audit(id)]),
  });
}

export function useCreateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ProjectCreate) => ok(server.POST("/api/v1/projects/", { body })),
    onSuccess: () => invalidate(client, changes.projects()),
  });
}

/** Archive (`archived`) or restore a project; its owners. */
export function useArchiveProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, archived }: { id: number; archived: boolean }) =>
      archived
        ? ok(server.POST("/api/v1/projects/{id}/archive/", { params: { path: { id } } }))
        : ok(server.POST("/api/v1/projects/{id}/unarchive/", { params: { path: { id } } })),
    onSuccess: (_, { id }) => void invalidate(client, changes.projects(), [keys.audit(id)]),
  });
}

export function useDeleteProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => ok(server.DELETE("/api/v1/projects/{id}/", { params: { path: { id } } })),
    onSuccess: () => void invalidate(client, changes.projects()),
  });
}

// --- members ------------------------------------------------------------------------------

export function useAddMember(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; role: Role }) =>
      ok(server.POST("/api/v1/projects/{project_id}/members/", { params: { path: projectPath(projectId) }, body })),
    onSuccess: () => void invalidate(client, changes.members(projectId)),
  });
}

export function useChangeRole(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, role }: { id: number; role: Role }) =>
      ok(
        server.PATCH("/api/v1/projects/{project_id}/members/{id}/", {
          params: { path: itemPath(projectId, id, "member") },
          body: { role },
        }),
      ),
    onSuccess: () => void invalidate(client, changes.members(projectId)),
  });
}

export function useRemoveMember(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      ok(server.DELETE("/api/v1/projects/{project_id}/members/{id}/", { params: { path: itemPath(projectId, id, "member") } })),
    onSuccess: () => void invalidate(client, changes.members(projectId)),
  });
}

// --- data sources -------------------------------------------------------------------------

export function useDataSourceKinds(projectId: number) {
  return useQuery({
    queryKey: keys.datasourceKinds(projectId),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/datasources/kinds/", { params: { path: projectPath(projectId) }, signal })),
    staleTime: Infinity, // the installation's drivers do not change while the page is open
  });
}

export function useDataSourceUsage(projectId: number, id: number | null, enabled = true) {
  return useQuery({
    queryKey: keys.datasourceUsage(projectId, id),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/datasources/{id}/usage/", {
          params: { path: itemPath(projectId, id, "data source") },
          signal,
        }),
      ),
    enabled: enabled && id !== null,
  });
}

/** Create (no id) or change a data source; a `secret` in the body replaces the stored one. */
export function useSaveDataSource(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (args: { id: null; body: DataSourceCreate } | { id: number; body: DataSourceUpdate }) =>
      args.id === null
        ? ok(server.POST("/api/v1/projects/{project_id}/datasources/", { params: { path: projectPath(projectId) }, body: args.body }))
        : ok(
            server.PATCH("/api/v1/projects/{project_id}/datasources/{id}/", {
              params: { path: itemPath(projectId, args.id, "data source") },
              body: args.body,
            }),
          ),
    onSuccess: () => void invalidate(client, changes.datasources(projectId)),
  });
}

/** Test a data source's saved connection: production's (the one of a basic project) unless
 * development is asked for. */
export function useTestDataSource(projectId: number, environment: "development" | "production" = "production") {
  return useMutation({
    mutationFn: (id: number) =>
      ok(
        server.POST("/api/v1/projects/{project_id}/datasources/{id}/test/", {
          // Without `environment` the server tests production, the one connection of a basic project.
          params: { path: itemPath(projectId, id, "data source"), query: environment === "development" ? { environment } : {} },
        }),
      ),
  });
}

export function useDeleteDataSource(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      ok(
        server.DELETE("/api/v1/projects/{project_id}/datasources/{id}/", {
          params: { path: itemPath(projectId, id, "data source") },
        }),
      ),
    onSuccess: () => void invalidate(client, changes.datasources(projectId), changes.projects()),
  });
}

// --- the audit log ------------------------------------------------------------------------

export function useAudit(projectId: number, filters: AuditFilters) {
  return useQuery({
    queryKey: keys.audit(projectId, filters),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/audit/", {
          params: { path: projectPath(projectId), query: filters },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

// --- accounts (staff) ---------------------------------------------------------------------

export function useUsers(filters: UserFilters, enabled = true) {
  return useQuery({
    queryKey: keys.userList(filters),
    queryFn: ({ signal }) => ok(server.GET("/api/v1/users/", { params: { query: filters }, signal })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreate) => ok(server.POST("/api/v1/users/", { body })),
    onSuccess: () => void invalidate(client, changes.users()),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: UserUpdate }) =>
      ok(server.PATCH("/api/v1/users/{id}/", { params: { path: { id } }, body })),
    onSuccess: () => void invalidate(client, changes.users()),
  });
}

export function useSetUserActive() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, active }: { id: number; active: boolean }) =>
      active
        ? ok(server.POST("/api/v1/users/{id}/activate/", { params: { path: { id } } }))
        : ok(server.POST("/api/v1/users/{id}/deactivate/", { params: { path: { id } } })),
    onSuccess: () => void invalidate(client, changes.users()),
  });
}

export function useSetUserPassword() {
  return useMutation({
    mutationFn: ({ id, password }: { id: number; password: string }) =>
      ok(server.POST("/api/v1/users/{id}/password/", { params: { path: { id } }, body: { password } })),
  });
}
