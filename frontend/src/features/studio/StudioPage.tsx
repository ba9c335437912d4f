import { Empty, Typography } from "antd";

export default function StudioPage() {
  return (
    <>
      <Typography.Title level={2}>Studio</Typography.Title>
      <Empty description="Studio: author SQL, Python and shell nodes, test-run them and deploy them." />
    </>
  );
}
