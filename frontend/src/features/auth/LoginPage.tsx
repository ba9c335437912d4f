import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { Navigate, useLocation, useNavigate } from "react-router-dom";

import { errorMessage } from "../../errors";
import { useLogin, useMe } from "../../queries/useMe";

export default function LoginPage() {
  const login = useLogin();
  const { data: user } = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const next = (location.state as { from?: string } | null)?.from ?? "/studio";

  if (user) return <Navigate to={next} replace />;

  const onFinish = (values: { username: string; password: string }) =>
    login.mutate(values, { onSuccess: () => navigate(next, { replace: true }) });

  return (
    <div style={{ display: "grid", placeItems: "center", minHeight: "100vh", background: "#f5f5f5" }}>
      <Card style={{ width: 360 }}>
        <Typography.Title level={3}>Workbench</Typography.Title>
        <Typography.Paragraph type="secondary">Log in to author, schedule and operate your data pipelines.</Typography.Paragraph>
        {login.error && (
          <Alert type="error" showIcon message={errorMessage(login.error)} style={{ marginBottom: 16 }} />
        )}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
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
