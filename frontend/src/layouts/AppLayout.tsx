import { DownOutlined, LogoutOutlined, PlusOutlined, UserOutlined } from "@ant-design/icons";
import { App as AntApp, Button, Checkbox, Divider, Dropdown, Layout, Menu, Select, Space, Spin, Tag } from "antd";
import { Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation, useNavigate } from "react-router-dom";

import { useProjectClock } from "../clock";
import NetworkBanner from "../components/NetworkStatus";
import SandboxNotice from "../components/SandboxNotice";
import { showError } from "../errors";
import { LANGUAGES, currentLanguage, isLanguage } from "../i18n";
import { CurrentProjectProvider, useCurrentProject } from "../project/current";
import { useLogout, useMe, useSaveLanguage, useSavedLanguage } from "../queries/useMe";
import { NAV_ITEMS, activeNavKey, documentTitle } from "./nav";
import { switcherProjects } from "./switcher";

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

/** The project every page works in; the choice is remembered in this browser. Those who may
 * create projects find "New project" at the foot of the list. */
function ProjectSwitcher() {
  const { projectId, projects, isLoading, setProjectId } = useCurrentProject();
  const { data: user } = useMe();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [showArchived, setShowArchived] = useState(false);
  const { t } = useTranslation();
  const archivedCount = projects.filter((project) => project.archived_at).length;
  const options = switcherProjects(projects, { showArchived, current: projectId }).map((project) => ({
    value: project.id,
    name: project.name,
    label: project.archived_at ? (
      <span data-testid={`switcher-archived-${project.id}`}>
        {project.name} <Tag style={{ marginInlineStart: 4 }}>{t("header.archived")}</Tag>
      </span>
    ) : (
      project.name
    ),
  }));
  return (
    <Select
      aria-label={t("header.project")}
      data-testid="project-switcher"
      placeholder={t("header.noProject")}
      style={{ width: 220 }}
      loading={isLoading}
      value={projectId ?? undefined}
      onChange={setProjectId}
      open={open}
      onOpenChange={setOpen}
      options={options}
      notFoundContent={t("header.noProjects")}
      showSearch
      optionFilterProp="name"
      popupRender={(menu) => (
        <>
          {menu}
          {archivedCount > 0 && (
            <>
              <Divider style={{ margin: "4px 0" }} />
              <Checkbox
                style={{ padding: "4px 12px" }}
                checked={showArchived}
                onChange={(event) => setShowArchived(event.target.checked)}
                data-testid="switcher-show-archived"
              >
                {t("header.showArchived", { count: archivedCount })}
              </Checkbox>
            </>
          )}
          {user?.can_create_projects && (
            <>
              <Divider style={{ margin: "4px 0" }} />
              <Button
                type="text"
                block
                icon={<PlusOutlined />}
                style={{ textAlign: "start" }}
                data-testid="switcher-new-project"
                onClick={() => {
                  setOpen(false);
                  navigate("/settings/new-project");
                }}
              >
                {t("settings:switcher.newProject")}
              </Button>
            </>
          )}
        </>
      )}
    />
  );
}

/** English or 简体中文, saved for the user (every browser they log in from follows it). */
function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const save = useSaveLanguage();
  return (
    <Select
      aria-label={t("language")}
      data-testid="language-switch"
      size="small"
      style={{ width: 110 }}
      value={i18n.language === "zh-CN" ? "zh-CN" : currentLanguage()}
      onChange={(language) => {
        if (!isLanguage(language)) return;
        save.mutate(language, { onError: (error) => showError(message, error, t("layout.languageNotSaved")) });
      }}
      options={LANGUAGES.map((language) => ({ value: language.value, label: language.label }))}
    />
  );
}

/** The workbench frame: top bar, left navigation, and the current page. */
export default function AppLayout() {
  // antd's App gives the pages message, modal and notification (AntApp.useApp); it is here and
  // not around the router so that the login page does not download them.
  return (
    <AntApp>
      <CurrentProjectProvider>
        <Frame />
      </CurrentProjectProvider>
    </AntApp>
  );
}

function Frame() {
  useProjectClock(); // keeps formatTime() in the current project's zone
  const { data: user } = useMe();
  useSavedLanguage(user);
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = AntApp.useApp();
  const { t } = useTranslation();

  useEffect(() => {
    document.title = documentTitle(location.pathname, t);
  }, [location.pathname, t]);

  const onLogout = () =>
    logout.mutate(undefined, {
      onSuccess: () => navigate("/login", { replace: true }),
      onError: (error) => showError(message, error, t("header.logOutFailed")),
    });

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header style={headerStyle}>
        <Link to="/studio" style={{ color: "#fff", fontWeight: 600, fontSize: 18 }} data-testid="product-name">
          Workbench
        </Link>
        <ProjectSwitcher />
        <div style={{ flex: 1 }} />
        <LanguageSwitch />
        <Dropdown
          trigger={["click"]}
          menu={{
            items: [{ key: "logout", label: t("header.logOut"), icon: <LogoutOutlined />, disabled: logout.isPending }],
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
          <nav aria-label={t("layout.mainNavigation")} data-testid="main-nav">
            <Menu
              mode="inline"
              selectedKeys={[activeNavKey(location.pathname)]}
              items={NAV_ITEMS.map((item) => ({
                key: item.key,
                icon: item.icon,
                label: <Link to={item.key}>{t(item.label)}</Link>,
              }))}
              style={{ borderInlineEnd: 0 }}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>
          <NetworkBanner />
          <SandboxNotice />
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
