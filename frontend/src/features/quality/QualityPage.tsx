import { Empty, Typography } from "antd";

export default function QualityPage() {
  return (
    <>
      <Typography.Title level={2}>Quality</Typography.Title>
      <Empty description="Quality: guard tables with data-quality rules." />
    </>
  );
}
