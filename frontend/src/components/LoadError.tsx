import { Alert, Button } from "antd";

import { errorMessage } from "../errors";

/** Why a list or page could not be loaded, with a way to try again when there is one. */
export default function LoadError({ what, error, onRetry }: { what: string; error: unknown; onRetry?: () => void }) {
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      message={`Could not load ${what}`}
      description={errorMessage(error)}
      action={onRetry && <Button onClick={onRetry}>Try again</Button>}
    />
  );
}
