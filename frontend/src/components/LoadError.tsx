import { Alert, Button } from "antd";
import { useTranslation } from "react-i18next";

import { errorMessage } from "../errors";

/** Why a list or page could not be loaded, with a way to try again when there is one. */
export default function LoadError({ what, error, onRetry }: { what: string; error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      message={t("shared.couldNotLoad", { what })}
      description={errorMessage(error)}
      action={onRetry && <Button onClick={onRetry}>{t("shared.tryAgain")}</Button>}
    />
  );
}
