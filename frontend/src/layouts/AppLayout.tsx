import {
  AlertOutlined,
  ApartmentOutlined,
  CodeOutlined,
  DashboardOutlined,
  LogoutOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  UserOutlined,
} from "@ant-design/icons";
import { App as AntApp, Button, Dropdown, Layout, Menu, Select, Spin } from "antd";
import { Suspense } from "react";
import { Link, Outlet, useLocation, useNavigate } from "react-router-dom";

import { errorMessage } from "../errors";
import { useLogout, useMe } from "../queries/useMe";

export const NAV_ITEMS = [
  { key: "/studio", label: "Studio", icon: <CodeOutlined /> },
  { key: "/designer", label: "Designer", icon: <ApartmentOutlined /> },
  { key: "/operations", label: "Operations", icon: <DashboardOutlined /> },
  { key: "/quality", label: "Quality", icon: <SafetyCertificateOutlined /> },
  { key: "/alerts", label: "Alerts", icon: <AlertOutlined /> },
  { key: "/settings", label: "Settings", icon: <SettingOutlined /> },
];

export function activeNavKey(pathname: string): string {
  return NAV_ITEMS.find((item) => pathname === item.key || pathname.startsWith(`${item.key}/`))?.key ?? "";
}

export default function AppLayout() {
  const { data: user } = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = AntApp.useApp();

  const onLogout = () =>
    logout.mutate(undefined, {
      onSuccess: () => navigate("/login"),
      onError: (error) => message.error(errorMessage(error)),
    });

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header style={{ display: "flex", alignItems: "center", gap: 16, paddingInline: 20 }}>
        <Link to="/studio" style={{ color: "#fff", fontWeight: 600, fontSize: 18 }}>
          Workbench
        </Link>
        <Select
          aria-label="Project"
          placeholder="No project"
          style={{ width: 220 }}
          options={[]}
          notFoundContent="No project yet"
        />
        <div style={{ flex: 1 }} />
        <Dropdown
          menu={{
            items: [{ key: "logout", label: "Log out", icon: <LogoutOutlined />, onClick: onLogout }],
          }}
        >
          <Button type="text" icon={<UserOutlined />} style={{ color: "#fff" }}>
            {user?.username}
          </Button>
        </Dropdown>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} theme="light" breakpoint="lg" collapsedWidth={64}>
          <nav aria-label="Main navigation">
            <Menu
              mode="inline"
              selectedKeys={[activeNavKey(location.pathname)]}
              items={NAV_ITEMS.map((item) => ({ ...item, label: <Link to={item.key}>{item.label}</Link> }))}
              style={{ height: "100%", borderInlineEnd: 0 }}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
