import { Empty, Typography } from "antd";

export default function OperationsPage() {
  return (
    <>
      <Typography.Title level={2}>Operations</Typography.Title>
      <Empty description="Operations: watch instances, run backfills and act on failed runs." />
    </>
  );
}
