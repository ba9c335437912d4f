import { useQuery } from "@tanstack/react-query";
import { Alert } from "antd";

import { ok, server } from "../api/client";
import { keys } from "../queries/keys";

/** What the workers say of the sandbox around user code: shown to everyone when it is off or
 * broken (off is an administrator's explicit choice, broken means runs fail). */
export function useSandboxStatus() {
  return useQuery({
    queryKey: keys.system,
    queryFn: ({ signal }) => ok(server.GET("/api/v1/system/", { signal })),
  });
}

export default function SandboxNotice() {
  const { data } = useSandboxStatus();
  const sandbox = data?.sandbox;
  if (!sandbox) return null;
  if (!sandbox.ok) {
    return (
      <Alert
        type="error"
        showIcon
        banner
        data-testid="sandbox-notice"
        message={sandbox.error ?? "User code cannot run: the workers' sandbox does not work."}
      />
    );
  }
  if (sandbox.warning) {
    return (
      <Alert
        type="warning"
        showIcon
        banner
        data-testid="sandbox-notice"
        message={`${sandbox.warning}: any member's code can reach the other projects and the application.`}
      />
    );
  }
  return null;
}
