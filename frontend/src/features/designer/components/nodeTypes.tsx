// Node type icons, words and colours: one place for the palette and the canvas.
import { CodeOutlined, ConsoleSqlOutlined, NodeIndexOutlined, PythonOutlined, SwapOutlined } from "@ant-design/icons";
import type { ReactNode } from "react";

import i18n from "../../../i18n";

import type { NodeType } from "../types";

export interface NodeTypeInfo {
  label: string;
  icon: ReactNode;
  color: string;
  hint: string;
}

/** A type's words are read when shown, in the language of the moment. */
function info(type: NodeType, icon: ReactNode, color: string): NodeTypeInfo {
  return {
    icon,
    color,
    get label() {
      return i18n.t(`designer:nodeTypes.${type}.label`);
    },
    get hint() {
      return i18n.t(`designer:nodeTypes.${type}.hint`);
    },
  };
}

export const NODE_TYPE_INFO: Record<NodeType, NodeTypeInfo> = {
  sql: info("sql", <ConsoleSqlOutlined />, "#1668dc"),
  python: info("python", <PythonOutlined />, "#d89614"),
  shell: info("shell", <CodeOutlined />, "#531dab"),
  sync: info("sync", <SwapOutlined />, "#08979c"),
  virtual: info("virtual", <NodeIndexOutlined />, "#8c8c8c"),
};

export function typeInfo(type: string): NodeTypeInfo {
  return NODE_TYPE_INFO[type as NodeType] ?? { label: type, icon: <CodeOutlined />, color: "#595959", hint: "" };
}
