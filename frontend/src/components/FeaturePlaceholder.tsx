import { Empty, Typography } from "antd";

/** The page title plus a sentence on what the page will hold; replaced as each feature lands. */
export default function FeaturePlaceholder({ title, description }: { title: string; description: string }) {
  return (
    <section aria-labelledby="page-title">
      <Typography.Title level={1} id="page-title" style={{ fontSize: 24, marginTop: 0 }}>
        {title}
      </Typography.Title>
      <Empty description={description} style={{ marginTop: 48 }} />
    </section>
  );
}
