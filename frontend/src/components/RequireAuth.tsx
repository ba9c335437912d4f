import { Button, Result, Spin } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation } from "react-router-dom";

import { errorMessage } from "../errors";
import type { LoginState } from "../features/auth/redirect";
import { useMe } from "../queries/useMe";

/** Renders its children for a logged-in user; sends everybody else to /login, remembering the page. */
export default function RequireAuth({ children }: { children: ReactNode }) {
  const { data: user, isPending, error, refetch, isFetching } = useMe();
  const location = useLocation();
  const { t } = useTranslation();
  if (isPending) {
    return (
      <div style={{ display: "grid", placeItems: "center", height: "100vh" }} data-testid="auth-loading">
        <Spin size="large" />
      </div>
    );
  }
  // A failed background refetch keeps the user on the page they have.
  if (user) return <>{children}</>;
  if (error) {
    return (
      <Result
        status="error"
        title={t("auth.cannotLoadAccount")}
        subTitle={errorMessage(error)}
        extra={
          <Button type="primary" loading={isFetching} onClick={() => void refetch()}>
            {t("shared.tryAgain")}
          </Button>
        }
      />
    );
  }
  const state: LoginState = { from: location.pathname + location.search + location.hash };
  return <Navigate to="/login" replace state={state} />;
}
