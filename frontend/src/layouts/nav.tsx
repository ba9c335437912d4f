import {
  AlertOutlined,
  CloudUploadOutlined,
  ApartmentOutlined,
  CodeOutlined,
  CompassOutlined,
  ConsoleSqlOutlined,
  DashboardOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";

export interface NavItem {
  key: string;
  /** Its name's key in the common namespace. */
  label: string;
  icon: ReactNode;
}

/** The left navigation, in order; `key` is the section's path. */
export const NAV_ITEMS: NavItem[] = [
  { key: "/studio", label: "nav.studio", icon: <CodeOutlined /> },
  { key: "/designer", label: "nav.designer", icon: <ApartmentOutlined /> },
  { key: "/query", label: "nav.query", icon: <ConsoleSqlOutlined /> },
  { key: "/operations", label: "nav.operations", icon: <DashboardOutlined /> },
  { key: "/quality", label: "nav.quality", icon: <SafetyCertificateOutlined /> },
  { key: "/datamap", label: "nav.datamap", icon: <CompassOutlined /> },
  { key: "/alerts", label: "nav.alerts", icon: <AlertOutlined /> },
  { key: "/deploys", label: "nav.deploys", icon: <CloudUploadOutlined /> },
  { key: "/settings", label: "nav.settings", icon: <SettingOutlined /> },
];

/** The nav key to highlight for a path: its section, also for nested routes; "" for none. */
export function activeNavKey(pathname: string): string {
  return NAV_ITEMS.find((item) => pathname === item.key || pathname.startsWith(`${item.key}/`))?.key ?? "";
}

/** "Studio · Workbench" for the browser tab; `t` translates the section's name. */
export function documentTitle(pathname: string, t: (key: string) => string = (key) => key): string {
  const item = NAV_ITEMS.find((entry) => entry.key === activeNavKey(pathname));
  return item ? `${t(item.label)} · Workbench` : "Workbench";
}
