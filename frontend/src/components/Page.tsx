import { Typography } from "antd";
import type { ReactNode } from "react";

/** A page of the app: its heading (the page's accessible name) above its content. */
export default function Page({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-labelledby="page-title">
      <Typography.Title level={1} id="page-title" style={{ fontSize: 24, marginTop: 0 }}>
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}
