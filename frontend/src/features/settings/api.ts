// The caller's personal API tokens (GET/POST /api/v1/auth/tokens/, DELETE .../{id}/).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { ok, server, type Schema } from "../../api/client";
import { projectsKey } from "../../project/current";

export type ApiToken = Schema<"TokenOutput">;
export type NewToken = Schema<"NewToken">;
export type TokenRequest = Schema<"TokenInputRequest">;

export const tokensKey = ["auth", "tokens"] as const;

export function useTokens() {
  return useQuery({
    queryKey: tokensKey,
    queryFn: ({ signal }) => ok(server.GET("/api/v1/auth/tokens/", { signal })),
  });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TokenRequest) => ok(server.POST("/api/v1/auth/tokens/", { body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => ok(server.DELETE("/api/v1/auth/tokens/{id}/", { params: { path: { id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: tokensKey }),
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
    onSuccess: () => void client.invalidateQueries({ queryKey: projectsKey }),
  });
}
