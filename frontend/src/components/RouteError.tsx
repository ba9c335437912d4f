import { Button, Result } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { isRouteErrorResponse, useRouteError } from "react-router-dom";

import { errorMessage } from "../errors";

/** A page's code that could not be downloaded: the network dropped, or a deploy replaced it. */
export function isChunkError(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|importing a module script failed|loading chunk|unable to preload css/i.test(text);
}

/** Shown when a route throws while rendering, e.g. a page chunk that failed to download. */
export default function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation("operations");
  const chunk = isChunkError(error);

  // A failed import stays failed in this page (the module loader remembers it): load the page
  // afresh as soon as the network is back.
  useEffect(() => {
    if (!chunk) return;
    const reload = () => window.location.reload();
    window.addEventListener("online", reload);
    return () => window.removeEventListener("online", reload);
  }, [chunk]);

  if (chunk) {
    return (
      <div data-testid="chunk-error">
        <Result
          status="warning"
          title={t("network.chunkTitle")}
          subTitle={t("network.chunkText")}
          extra={
            <Button type="primary" onClick={() => window.location.reload()}>
              {t("network.reload")}
            </Button>
          }
        />
      </div>
    );
  }
  const text = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : errorMessage(error);
  return (
    <Result
      status="error"
      title={t("routeError.title", { ns: "common" })}
      subTitle={text}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t("routeError.reload", { ns: "common" })}
        </Button>
      }
    />
  );
}
