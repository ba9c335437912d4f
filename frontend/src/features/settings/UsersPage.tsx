import { PlusOutlined } from "@ant-design/icons";
import { Alert, App as AntApp, Button, Form, Input, Modal, Popconfirm, Result, Segmented, Space, Switch, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import FormDrawer from "../../components/FormDrawer";
import ListTable from "../../components/ListTable";
import LoadError from "../../components/LoadError";
import { applyFieldErrors, showError } from "../../errors";
import { formatTime } from "../../format";
import { useMe } from "../../queries/useMe";
import { useCreateUser, useSetUserActive, useSetUserPassword, useUpdateUser, useUsers, type UserAccount, type UserCreate } from "./api";
import { changedFields } from "./logic";

const PAGE_SIZE = 50;
const CREATE_FIELDS = ["username", "password", "email", "first_name", "last_name", "is_staff"];
const EDIT_FIELDS = ["email", "first_name", "last_name", "is_staff"];

/** Create an account (`user` null) or change one's email, name and staff rights. */
function UserDrawer({ user, open, onClose }: { user: UserAccount | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation("settings");
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<UserCreate>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [problem, setProblem] = useState("");

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(user ? { email: user.email, first_name: user.first_name, last_name: user.last_name, is_staff: user.is_staff } : { is_staff: false });
    setProblem("");
  }, [open, user, form]);

  const submit = (values: UserCreate) => {
    setProblem("");
    const onError = (error: unknown) => setProblem(applyFieldErrors(form, error, user ? EDIT_FIELDS : CREATE_FIELDS));
    if (user) {
      const body = changedFields({ email: user.email, first_name: user.first_name, last_name: user.last_name, is_staff: user.is_staff }, values);
      update.mutate(
        { id: user.id, body },
        {
          onSuccess: (saved) => {
            void message.success(t("users.saved", { name: saved.username }));
            onClose();
          },
          onError,
        },
      );
    } else {
      create.mutate(values, {
        onSuccess: (saved) => {
          void message.success(t("users.created", { name: saved.username }));
          onClose();
        },
        onError,
      });
    }
  };

  return (
    <FormDrawer
      title={user ? t("users.editTitle", { name: user.username }) : t("users.newTitle")}
      open={open}
      width={460}
      submitLabel={user ? t("save") : t("users.create")}
      submitting={create.isPending || update.isPending}
      onSubmit={() => form.submit()}
      onClose={onClose}
    >
      {problem ? <Alert type="error" showIcon style={{ marginBottom: 16 }} message={problem} /> : null}
      <Form form={form} layout="vertical" onFinish={submit}>
        {!user ? (
          <>
            <Form.Item name="username" label={t("users.username")} rules={[{ required: true, whitespace: true, message: t("users.usernameRequired") }]}>
              <Input autoComplete="off" maxLength={150} />
            </Form.Item>
            <Form.Item name="password" label={t("users.password")} extra={t("users.passwordHelp")} rules={[{ required: true, message: t("users.passwordRequired") }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        ) : null}
        <Form.Item name="email" label={t("users.email")}>
          <Input type="email" autoComplete="off" />
        </Form.Item>
        <Space>
          <Form.Item name="first_name" label={t("users.firstName")}>
            <Input maxLength={150} />
          </Form.Item>
          <Form.Item name="last_name" label={t("users.lastName")}>
            <Input maxLength={150} />
          </Form.Item>
        </Space>
        <Form.Item name="is_staff" label={t("users.staff")} valuePropName="checked" extra={t("users.staffHelp")}>
          <Switch />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

/** Give an account a new password; its tokens are revoked and its sessions end. */
function PasswordModal({ user, onClose }: { user: UserAccount; onClose: () => void }) {
  const { t } = useTranslation("settings");
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const reset = useSetUserPassword();
  const [problem, setProblem] = useState("");
  return (
    <Modal
      open
      title={t("users.resetTitle", { name: user.username })}
      okText={t("users.reset")}
      cancelText={t("cancel")}
      confirmLoading={reset.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t("users.resetHelp")}</Typography.Paragraph>
      {problem ? <Alert type="error" showIcon style={{ marginBottom: 16 }} message={problem} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          reset.mutate(
            { id: user.id, password: values.password },
            {
              onSuccess: () => {
                void message.success(t("users.resetDone", { name: user.username }));
                onClose();
              },
              onError: (error) => setProblem(applyFieldErrors(form, error, ["password"])),
            },
          )
        }
      >
        <Form.Item name="password" label={t("users.newPassword")} rules={[{ required: true, message: t("users.passwordRequired") }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type Shown = "all" | "active" | "inactive";

/** The installation's accounts, for staff: create, edit, deactivate, reset a password. */
export default function UsersPage() {
  const { t } = useTranslation("settings");
  const { message } = AntApp.useApp();
  const { data: me } = useMe();
  const staff = !!me?.is_staff;
  const [search, setSearch] = useState("");
  const [shown, setShown] = useState<Shown>("all");
  const [page, setPage] = useState(1);
  const users = useUsers(
    { search: search || undefined, is_active: shown === "all" ? undefined : shown === "active", page, page_size: PAGE_SIZE },
    staff,
  );
  const setActive = useSetUserActive();
  const [editing, setEditing] = useState<UserAccount | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [resetting, setResetting] = useState<UserAccount | null>(null);

  if (!staff) return <Result status="403" title={t("users.staffOnlyTitle")} subTitle={t("users.staffOnly")} />;

  const open = (user: UserAccount | null) => {
    setEditing(user);
    setDrawerOpen(true);
  };

  const toggle = (user: UserAccount) =>
    setActive.mutate(
      { id: user.id, active: !user.is_active },
      {
        onSuccess: () => void message.success(t(user.is_active ? "users.deactivated" : "users.activated", { name: user.username })),
        onError: (error) => showError(message, error, t("users.activeFailed")),
      },
    );

  const columns: ColumnsType<UserAccount> = [
    {
      title: t("users.username"),
      dataIndex: "username",
      render: (name: string, user) => (
        <Space size={4}>
          <a onClick={() => open(user)}>{name}</a>
          {user.id === me?.id ? <Tag>{t("members.you")}</Tag> : null}
        </Space>
      ),
    },
    { title: t("users.name"), key: "name", render: (_, user) => [user.first_name, user.last_name].filter(Boolean).join(" ") || "—" },
    { title: t("users.email"), dataIndex: "email", render: (email: string) => email || "—" },
    {
      title: t("users.state"),
      key: "state",
      width: 170,
      render: (_, user) => (
        <Space size={4}>
          {user.is_active ? <Tag color="green">{t("users.active")}</Tag> : <Tag>{t("users.inactive")}</Tag>}
          {user.is_staff ? <Tag color="gold">{t("users.staff")}</Tag> : null}
        </Space>
      ),
    },
    { title: t("users.lastLogin"), dataIndex: "last_login", width: 170, render: (iso: string | null) => (iso ? formatTime(iso) : t("tokens.never")) },
    {
      title: t("users.actions"),
      key: "actions",
      width: 300,
      render: (_, user) => (
        <Space size={4}>
          <Button size="small" type="link" onClick={() => open(user)}>
            {t("edit")}
          </Button>
          <Button size="small" type="link" onClick={() => setResetting(user)}>
            {t("users.reset")}
          </Button>
          <Popconfirm
            title={t(user.is_active ? "users.deactivateTitle" : "users.activateTitle", { name: user.username })}
            description={user.is_active ? t("users.deactivateHelp") : undefined}
            okText={t(user.is_active ? "users.deactivate" : "users.activate")}
            cancelText={t("cancel")}
            okButtonProps={{ danger: user.is_active }}
            disabled={user.id === me?.id}
            onConfirm={() => toggle(user)}
          >
            <Button size="small" type="link" danger={user.is_active} disabled={user.id === me?.id}>
              {t(user.is_active ? "users.deactivate" : "users.activate")}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 16 }} wrap>
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t("users.search")}
            aria-label={t("users.search")}
            style={{ width: 240 }}
            onSearch={(value) => {
              setPage(1);
              setSearch(value.trim());
            }}
          />
          <Segmented<Shown>
            value={shown}
            onChange={(value) => {
              setPage(1);
              setShown(value);
            }}
            options={[
              { value: "all", label: t("users.all") },
              { value: "active", label: t("users.active") },
              { value: "inactive", label: t("users.inactive") },
            ]}
          />
        </Space>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open(null)}>
          {t("users.new")}
        </Button>
      </Space>
      {users.isError ? <LoadError what={t("users.what")} error={users.error} onRetry={() => void users.refetch()} /> : null}
      <ListTable<UserAccount>
        columns={columns}
        dataSource={users.data?.results ?? []}
        loading={users.isLoading}
        data-testid="users-table"
        empty={t("users.empty")}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: users.data?.count ?? 0, hideOnSinglePage: true, onChange: setPage }}
      />
      <UserDrawer user={editing} open={drawerOpen} onClose={() => setDrawerOpen(false)} />
      {resetting ? <PasswordModal user={resetting} onClose={() => setResetting(null)} /> : null}
    </>
  );
}
