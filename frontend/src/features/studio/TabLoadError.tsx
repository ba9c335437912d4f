import { Button, Result } from "antd";
import { useTranslation } from "react-i18next";

import { ApiError } from "../../api/client";
import { errorMessage } from "../../errors";

/** A tab whose node could not be loaded: gone, of another project, or a server error. */
export default function TabLoadError({ error, onClose }: { error: unknown; onClose: () => void }) {
  const { t } = useTranslation("studio");
  const missing = error instanceof ApiError && error.status === 404;
  return (
    <Result
      status={missing ? "404" : "error"}
      title={missing ? t("tabs.notFound") : t("tabs.loadFailed")}
      subTitle={errorMessage(error)}
      extra={<Button onClick={onClose}>{t("tabs.close")}</Button>}
    />
  );
}
