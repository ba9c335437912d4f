import { Empty, Typography } from "antd";

export default function DesignerPage() {
  return (
    <>
      <Typography.Title level={2}>Designer</Typography.Title>
      <Empty description="Designer: draw the dependency graph of a workflow." />
    </>
  );
}
