// The caller's personal API tokens (GET/POST /api/v1/auth/tokens/, DELETE .../{id}/).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { ok, server, type Schema } from "../../api/client";
import { changes, invalidate } from "../../queries/invalidate";
import { keys } from "../../queries/keys";

export type ApiToken = Schema<"TokenOutput">;
export type NewToken = Schema<"NewToken">;
export type TokenRequest = Schema<"TokenInputRequest">;

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

/** When a token stops working, in words. */
export function expiryText(token: Pick<ApiToken, "expires_at" | "expired">, format: (iso: string) => string): string {
  if (!token.expires_at) return "never";
  return token.expired ? `expired ${format(token.expires_at)}` : format(token.expires_at);
}

/** Change the current project's settings (PATCH /api/v1/projects/{id}/); owners and admins. */
export function useUpdateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: Schema<"PatchedProjectUpdateRequest"> }) =>
      ok(server.PATCH("/api/v1/projects/{id}/", { params: { path: { id } }, body })),
    onSuccess: () => void invalidate(client, changes.projects()),
  });
}
