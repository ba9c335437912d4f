import { Result, Spin } from "antd";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router-dom";

import { errorMessage } from "../errors";
import { useMe } from "../queries/useMe";

export default function RequireAuth({ children }: { children: ReactNode }) {
  const { data: user, isLoading, error } = useMe();
  const location = useLocation();
  if (isLoading) {
    return (
      <div style={{ display: "grid", placeItems: "center", height: "100vh" }}>
        <Spin size="large" />
      </div>
    );
  }
  if (error) return <Result status="error" title="Cannot load your account" subTitle={errorMessage(error)} />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}
