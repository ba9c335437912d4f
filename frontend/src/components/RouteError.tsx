import { Button, Result } from "antd";
import { useTranslation } from "react-i18next";
import { isRouteErrorResponse, useRouteError } from "react-router-dom";

import { errorMessage } from "../errors";

/** Shown when a route throws while rendering, e.g. a page chunk that failed to download after a deploy. */
export default function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  const text = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : errorMessage(error);
  return (
    <Result
      status="error"
      title={t("routeError.title")}
      subTitle={text}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t("routeError.reload")}
        </Button>
      }
    />
  );
}
