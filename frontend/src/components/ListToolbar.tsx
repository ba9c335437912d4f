import { PlusOutlined } from "@ant-design/icons";
import { Button, Empty, Space, Tooltip, Typography } from "antd";
import type { ReactNode } from "react";

interface Create {
  /** The create button's words ("New rule"). */
  createLabel: string;
  onCreate: () => void;
  /** Why the caller may not create ("" when they may). */
  refusal: string;
}

/** Above a list: what it is for on the left; a search (children) and the create button on the right. */
export function ListToolbar({ intro, createLabel, onCreate, refusal, children }: Create & { intro: string; children?: ReactNode }) {
  return (
    <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 16 }} wrap>
      <Typography.Text type="secondary">{intro}</Typography.Text>
      <Space>
        {children}
        <Tooltip title={refusal || undefined}>
          <Button type="primary" icon={<PlusOutlined />} onClick={onCreate} disabled={!!refusal}>
            {createLabel}
          </Button>
        </Tooltip>
      </Space>
    </Space>
  );
}

/** An empty list: says so, and offers to create the first one, or says why the caller may not. */
export function EmptyList({ description, createLabel, onCreate, refusal }: Create & { description: string }) {
  return (
    <Empty description={description}>
      {refusal ? (
        <Typography.Text type="secondary">{refusal}</Typography.Text>
      ) : (
        <Button type="primary" onClick={onCreate}>
          {createLabel}
        </Button>
      )}
    </Empty>
  );
}
