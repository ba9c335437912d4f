// Node type icons, words and colours: one place for the palette and the canvas.
import { CodeOutlined, ConsoleSqlOutlined, NodeIndexOutlined, PythonOutlined } from "@ant-design/icons";
import type { ReactNode } from "react";

import type { NodeType } from "../types";

export interface NodeTypeInfo {
  label: string;
  icon: ReactNode;
  color: string;
  hint: string;
}

export const NODE_TYPE_INFO: Record<NodeType, NodeTypeInfo> = {
  sql: { label: "SQL", icon: <ConsoleSqlOutlined />, color: "#1668dc", hint: "Runs SQL on a data source" },
  python: { label: "Python", icon: <PythonOutlined />, color: "#d89614", hint: "Runs a Python script" },
  shell: { label: "Shell", icon: <CodeOutlined />, color: "#531dab", hint: "Runs a shell script" },
  virtual: { label: "Virtual", icon: <NodeIndexOutlined />, color: "#8c8c8c", hint: "A join point that succeeds at once" },
};

export function typeInfo(type: string): NodeTypeInfo {
  return NODE_TYPE_INFO[type as NodeType] ?? { label: type, icon: <CodeOutlined />, color: "#595959", hint: "" };
}
