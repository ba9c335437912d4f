import { Empty, Typography } from "antd";

export default function SettingsPage() {
  return (
    <>
      <Typography.Title level={2}>Settings</Typography.Title>
      <Empty description="Settings: manage project members and data sources." />
    </>
  );
}
