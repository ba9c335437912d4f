import { DownOutlined, LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { App as AntApp, Button, Dropdown, Layout, Menu, Select, Space, Spin } from "antd";
import { Suspense, useEffect } from "react";
import { Link, Outlet, useLocation, useNavigate } from "react-router-dom";

import SandboxNotice from "../components/SandboxNotice";
import { showError } from "../errors";
import { CurrentProjectProvider, useCurrentProject } from "../project/current";
import { useLogout, useMe } from "../queries/useMe";
import { NAV_ITEMS, activeNavKey, documentTitle } from "./nav";

const headerStyle = {
  display: "flex",
  alignItems: "center",
  gap: 16,
  paddingInline: 20,
} as const;

function PageSpinner() {
  return (
    <div style={{ display: "grid", placeItems: "center", padding: 48 }}>
      <Spin />
    </div>
  );
}

/** The project every page works in; the choice is remembered in this browser. */
function ProjectSwitcher() {
  const { projectId, projects, isLoading, setProjectId } = useCurrentProject();
  return (
    <Select
      aria-label="Project"
      data-testid="project-switcher"
      placeholder="No project"
      style={{ width: 220 }}
      loading={isLoading}
      value={projectId ?? undefined}
      onChange={setProjectId}
      options={projects.map((project) => ({ value: project.id, label: project.name }))}
      notFoundContent="No projects yet"
      showSearch
      optionFilterProp="label"
    />
  );
}

/** The workbench frame: top bar, left navigation, and the current page. */
export default function AppLayout() {
  return (
    <CurrentProjectProvider>
      <Frame />
    </CurrentProjectProvider>
  );
}

function Frame() {
  const { data: user } = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = AntApp.useApp();

  useEffect(() => {
    document.title = documentTitle(location.pathname);
  }, [location.pathname]);

  const onLogout = () =>
    logout.mutate(undefined, {
      onSuccess: () => navigate("/login", { replace: true }),
      onError: (error) => showError(message, error, "Could not log out"),
    });

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header style={headerStyle}>
        <Link to="/studio" style={{ color: "#fff", fontWeight: 600, fontSize: 18 }} data-testid="product-name">
          Workbench
        </Link>
        <ProjectSwitcher />
        <div style={{ flex: 1 }} />
        <Dropdown
          trigger={["click"]}
          menu={{
            items: [{ key: "logout", label: "Log out", icon: <LogoutOutlined />, disabled: logout.isPending }],
            onClick: ({ key }) => {
              if (key === "logout") onLogout();
            },
          }}
        >
          <Button type="text" style={{ color: "#fff" }} data-testid="user-menu">
            <Space size={6}>
              <UserOutlined aria-hidden />
              <span>{user?.username}</span>
              <DownOutlined aria-hidden style={{ fontSize: 10 }} />
            </Space>
          </Button>
        </Dropdown>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} theme="light" breakpoint="lg" collapsedWidth={64}>
          <nav aria-label="Main navigation" data-testid="main-nav">
            <Menu
              mode="inline"
              selectedKeys={[activeNavKey(location.pathname)]}
              items={NAV_ITEMS.map((item) => ({
                key: item.key,
                icon: item.icon,
                label: <Link to={item.key}>{item.label}</Link>,
              }))}
              style={{ borderInlineEnd: 0 }}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>
          <SandboxNotice />
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
