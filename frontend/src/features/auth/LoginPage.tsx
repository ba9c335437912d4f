import { Alert, Button, Card, Form, Input, Typography } from "antd";
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
          Log in to author, schedule and operate your data pipelines.
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
          <Form.Item label="Username" name="username" rules={[{ required: true, message: "Enter your username" }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="Password" name="password" rules={[{ required: true, message: "Enter your password" }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            Log in
          </Button>
        </Form>
      </Card>
    </div>
  );
}
