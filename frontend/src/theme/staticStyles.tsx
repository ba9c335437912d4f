// Run by the build only (vite.antdStyles.ts), never by the app: renders antd's components with the
// app's themes and returns their styles as one CSS file with antd's map of what it holds. With
// that file loaded, antd neither computes nor injects those styles when a component first
// renders, which is most of the cost of a page's first render.
import { createCache, extractStyle, StyleProvider } from "@ant-design/cssinjs";
import * as antd from "antd";
import type { ComponentType, ReactElement } from "react";
import { renderToString } from "react-dom/server";

import { appTheme } from "./index";

type Renderable = ComponentType<Record<string, unknown>> & {
  _InternalPanelDoNotUseOrYouWillBeFired?: ComponentType<Record<string, unknown>>;
};

/** The components named (those the app imports), and the panels of those that pop up (a select's
 * list, a date picker's calendar, a message...), which register their styles only once open. */
function components(names: string[]): ReactElement[] {
  const elements: ReactElement[] = [];
  for (const [name, value] of Object.entries(antd)) {
    if (!names.includes(name) || name === "ConfigProvider" || !value) continue;
    if (typeof value !== "function" && typeof value !== "object") continue;
    const Component = value as Renderable;
    elements.push(<Component key={name} />);
    const Panel = Component._InternalPanelDoNotUseOrYouWillBeFired;
    if (Panel) elements.push(<Panel key={`${name}-panel`} />);
  }
  return elements;
}

/** What the instance list renders in its table (features/operations/InstancesTable.tsx), with the
 * props that register styles of their own (selection, sorters, a menu's and a tooltip's panel). */
function instanceTable(): ReactElement[] {
  const { Button, Checkbox, Dropdown, Empty, Space, Spin, Table, Tag, Tooltip, Typography } = antd;
  return [
    <Table key="table" size="small" rowSelection={{}} columns={[{ title: "a", dataIndex: "a", sorter: true }]} dataSource={[{ a: 1, key: 1 }]} />,
    <Button key="button" size="small" />,
    <Checkbox key="checkbox" />,
    <Dropdown key="dropdown" menu={{ items: [] }}><span /></Dropdown>,
    <Dropdown._InternalPanelDoNotUseOrYouWillBeFired key="dropdown-panel" menu={{ items: [{ key: "a", label: "a" }] }} />,
    <Empty key="empty" />,
    <Space key="space" />,
    <Spin key="spin" />,
    <Tag key="tag" />,
    <Tooltip key="tooltip" title="a"><span /></Tooltip>,
    <Tooltip._InternalPanelDoNotUseOrYouWillBeFired key="tooltip-panel" title="a" />,
    <Typography.Text key="text" />,
  ];
}

function render(element: ReactElement, cache: ReturnType<typeof createCache>): void {
  try {
    renderToString(<StyleProvider cache={cache}>{element}</StyleProvider>);
  } catch {
    // A component that cannot render without props: its styles are made when the app shows it.
  }
}

/** `names`: the antd exports the app imports; the App component's messages and notifications
 * come with it. */
export function antdStaticStyles(names: string[]): string {
  const cache = createCache();
  const { ConfigProvider } = antd;
  const wanted = names.includes("App") ? [...names, "message", "notification"] : names;
  for (const element of [...components(wanted), ...instanceTable()]) {
    render(<ConfigProvider theme={appTheme}>{element}</ConfigProvider>, cache);
  }
  return extractStyle(cache, { plain: true, types: ["style", "token"] });
}
