import { Table, type TableProps } from "antd";
import type { ReactNode } from "react";

interface Props<T> extends TableProps<T> {
  /** What the table says when it has no rows (nothing while it is loading). */
  empty: ReactNode;
  loading: boolean;
}

/** A page's list of objects: by id, 20 to a page, scrolling sideways on narrow screens. */
export default function ListTable<T extends { id: number }>({ empty, loading, ...props }: Props<T>) {
  return (
    <Table<T>
      rowKey="id"
      size="middle"
      loading={loading}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 960 }}
      locale={{ emptyText: loading ? " " : empty }}
      {...props}
    />
  );
}
