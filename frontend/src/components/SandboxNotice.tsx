import { useQuery } from "@tanstack/react-query";
import { Alert } from "antd";
import { useTranslation } from "react-i18next";

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
  const { t } = useTranslation();
  const sandbox = data?.sandbox;
  if (!sandbox) return null;
  if (!sandbox.ok) {
    return (
      <Alert
        type="error"
        showIcon
        banner
        data-testid="sandbox-notice"
        message={sandbox.error ?? t("sandbox.broken")}
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
        message={t("sandbox.off", { warning: sandbox.warning })}
      />
    );
  }
  return null;
}
