import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation, useNavigate } from "react-router-dom";

import { errorMessage } from "../../errors";
import { useLogin, useMe } from "../../queries/useMe";
import { redirectTarget } from "./redirect";

interface Credentials {
  username: string;
  password: string;
}

export default function LoginPage() {
  const login = useLogin();
  const { data: user } = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const next = redirectTarget(location.state, location.search);
  const { t } = useTranslation("auth");

  // Already logged in (e.g. the back button): go straight on.
  if (user && !login.isPending) return <Navigate to={next} replace />;

  const onFinish = (values: Credentials) =>
    login.mutate(values, { onSuccess: () => navigate(next, { replace: true }) });

  return (
    <div style={{ display: "grid", placeItems: "center", minHeight: "100vh", background: "#f5f5f5" }}>
      <Card style={{ width: 360 }}>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          Workbench
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {t("tagline")}
        </Typography.Paragraph>
        {login.error && (
          <Alert
            type="error"
            showIcon
            message={errorMessage(login.error)}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form<Credentials> name="login" layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item label={t("username")} name="username" rules={[{ required: true, message: t("usernameRequired") }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t("password")} name="password" rules={[{ required: true, message: t("passwordRequired") }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            {t("logIn")}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
