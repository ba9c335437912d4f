// Whether the app can reach its server: the browser's online/offline events, and fetches that
// failed on the network (not an HTTP error). Offline, React Query pauses its queries, so a page
// would otherwise wait silently forever; the banner says why and offers to try again.
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button } from "antd";
import { useEffect, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";

import { isApiError } from "../api/client";

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
}

/** navigator.onLine, kept current. */
export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
}

/** A fetch that never got an answer (the browser's TypeError), as opposed to an HTTP error. */
export function isNetworkError(error: unknown): boolean {
  if (isApiError(error)) return false;
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /failed to fetch|networkerror|network request failed|load failed|err_internet_disconnected/i.test(text);
}

/** True after a query failed on the network, until one succeeds again. */
export function useServerUnreachable(): boolean {
  const client = useQueryClient();
  const [unreachable, setUnreachable] = useState(false);
  useEffect(
    () =>
      client.getQueryCache().subscribe((event) => {
        if (event.type !== "updated") return;
        if (event.action.type === "error") setUnreachable(isNetworkError(event.action.error));
        else if (event.action.type === "success") setUnreachable(false);
      }),
    [client],
  );
  return unreachable;
}

/** A banner over every page while the network or the server is out of reach. */
export default function NetworkBanner() {
  const { t } = useTranslation("operations");
  const online = useOnline();
  const unreachable = useServerUnreachable();
  const client = useQueryClient();
  if (online && !unreachable) return null;
  return (
    <Alert
      type={online ? "error" : "warning"}
      showIcon
      banner
      role="alert"
      data-testid="network-banner"
      data-state={online ? "unreachable" : "offline"}
      message={online ? t("network.serverUnreachable") : t("network.offline")}
      action={
        <Button size="small" onClick={() => void client.refetchQueries({ type: "active" })}>
          {t("network.retry")}
        </Button>
      }
      style={{ marginBottom: 12 }}
    />
  );
}
