import { Empty, Typography } from "antd";

export default function AlertsPage() {
  return (
    <>
      <Typography.Title level={2}>Alerts</Typography.Title>
      <Empty description="Alerts: send emails and webhooks when runs fail, run late or break a rule." />
    </>
  );
}
