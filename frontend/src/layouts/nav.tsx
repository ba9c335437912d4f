import {
  AlertOutlined,
  ApartmentOutlined,
  CodeOutlined,
  DashboardOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";

export interface NavItem {
  key: string;
  label: string;
  icon: ReactNode;
}

/** The left navigation, in order; `key` is the section's path. */
export const NAV_ITEMS: NavItem[] = [
  { key: "/studio", label: "Studio", icon: <CodeOutlined /> },
  { key: "/designer", label: "Designer", icon: <ApartmentOutlined /> },
  { key: "/operations", label: "Operations", icon: <DashboardOutlined /> },
  { key: "/quality", label: "Quality", icon: <SafetyCertificateOutlined /> },
  { key: "/alerts", label: "Alerts", icon: <AlertOutlined /> },
  { key: "/settings", label: "Settings", icon: <SettingOutlined /> },
];

/** The nav key to highlight for a path: its section, also for nested routes; "" for none. */
export function activeNavKey(pathname: string): string {
  return NAV_ITEMS.find((item) => pathname === item.key || pathname.startsWith(`${item.key}/`))?.key ?? "";
}

/** "Studio · Workbench" for the browser tab. */
export function documentTitle(pathname: string): string {
  const item = NAV_ITEMS.find((entry) => entry.key === activeNavKey(pathname));
  return item ? `${item.label} · Workbench` : "Workbench";
}
