import { UserAddOutlined } from "@ant-design/icons";
import { Alert, App as AntApp, Button, Form, Input, Popconfirm, Select, Space, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import FormDrawer from "../../components/FormDrawer";
import ListTable from "../../components/ListTable";
import LoadError from "../../components/LoadError";
import { applyFieldErrors, showError } from "../../errors";
import type { Project } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import { useMembers, type Member } from "../../queries/project";
import { useMe } from "../../queries/useMe";
import { useAddMember, useChangeRole, useRemoveMember, type Role } from "./api";
import { inZone, roleChoices } from "./logic";

const FIELDS = ["username", "role"];

/** Add an existing account to the project by its username, with a role the caller may grant. */
function AddMemberDrawer({ project, open, onClose }: { project: Project; open: boolean; onClose: () => void }) {
  const { t } = useTranslation("settings");
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ username: string; role: Role }>();
  const add = useAddMember(project.id);
  const [problem, setProblem] = useState("");
  const roles = roleChoices(project.grantable_roles, (role) => t(`roles.${role}`));

  const submit = (values: { username: string; role: Role }) => {
    setProblem("");
    add.mutate(
      { username: values.username.trim(), role: values.role },
      {
        onSuccess: (member) => {
          void message.success(t("members.added", { name: member.username, role: t(`roles.${member.role}`) }));
          form.resetFields();
          onClose();
        },
        onError: (error) => setProblem(applyFieldErrors(form, error, FIELDS)),
      },
    );
  };

  return (
    <FormDrawer
      title={t("members.addTitle")}
      open={open}
      width={440}
      submitLabel={t("members.add")}
      submitting={add.isPending}
      onSubmit={() => form.submit()}
      onClose={onClose}
    >
      {problem ? <Alert type="error" showIcon style={{ marginBottom: 16 }} message={problem} /> : null}
      <Form form={form} layout="vertical" initialValues={{ role: "developer" }} onFinish={submit}>
        <Form.Item
          name="username"
          label={t("members.username")}
          extra={t("members.usernameHelp")}
          rules={[{ required: true, whitespace: true, message: t("members.usernameRequired") }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="role" label={t("members.role")} extra={t("members.roleHelp")}>
          <Select options={roles} aria-label={t("members.role")} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

/** The project's members and their roles: add, change a role, remove (owners and admins; only
 * owners grant or take away the owner role, and a project keeps at least one owner). */
export default function MembersPage({ project }: { project: Project }) {
  const { t } = useTranslation("settings");
  const { message } = AntApp.useApp();
  const { can, refusal } = usePermissions();
  const { data: me } = useMe();
  const members = useMembers(project.id);
  const changeRole = useChangeRole(project.id);
  const remove = useRemoveMember(project.id);
  const [adding, setAdding] = useState(false);
  const cannot = refusal("manage", t("members.manageWords"));
  const roles = roleChoices(project.grantable_roles, (role) => t(`roles.${role}`));

  const why = (member: Member) => (cannot ? cannot : member.changeable ? "" : t("members.ownerOnly"));

  const columns: ColumnsType<Member> = [
    {
      title: t("members.username"),
      dataIndex: "username",
      render: (name: string) => (
        <Space size={4}>
          {name}
          {name === me?.username ? <Tag>{t("members.you")}</Tag> : null}
        </Space>
      ),
    },
    { title: t("members.email"), dataIndex: "email", render: (email: string) => email || "—" },
    {
      title: t("members.role"),
      dataIndex: "role",
      width: 200,
      render: (role: Role, member) => (
        <Tooltip title={why(member) || undefined}>
          <Select<Role>
            aria-label={t("members.roleOf", { name: member.username })}
            size="small"
            style={{ width: 160 }}
            value={role}
            disabled={!member.changeable}
            loading={changeRole.isPending && changeRole.variables?.id === member.id}
            options={roles}
            onChange={(next) =>
              changeRole.mutate(
                { id: member.id, role: next },
                {
                  onSuccess: () => void message.success(t("members.roleChanged", { name: member.username, role: t(`roles.${next}`) })),
                  onError: (error) => showError(message, error, t("members.roleFailed")),
                },
              )
            }
          />
        </Tooltip>
      ),
    },
    { title: t("members.since"), dataIndex: "created_at", width: 180, render: (iso: string) => inZone(iso, project.timezone) },
    {
      title: "",
      key: "remove",
      width: 120,
      render: (_, member) => (
        <Popconfirm
          title={t("members.removeTitle", { name: member.username })}
          description={t("members.removeHelp")}
          okText={t("members.remove")}
          cancelText={t("cancel")}
          okButtonProps={{ danger: true }}
          disabled={!member.changeable}
          onConfirm={() =>
            remove.mutateAsync(member.id).then(
              () => void message.success(t("members.removed", { name: member.username })),
              (error: unknown) => showError(message, error, t("members.removeFailed")),
            )
          }
        >
          <Tooltip title={why(member) || undefined}>
            <Button size="small" type="link" danger disabled={!member.changeable}>
              {t("members.remove")}
            </Button>
          </Tooltip>
        </Popconfirm>
      ),
    },
  ];

  return (
    <>
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 16 }} wrap>
        <Typography.Text type="secondary">{t("members.intro")}</Typography.Text>
        <Tooltip title={cannot || undefined}>
          <Button type="primary" icon={<UserAddOutlined />} disabled={!can("manage")} onClick={() => setAdding(true)}>
            {t("members.add")}
          </Button>
        </Tooltip>
      </Space>
      {members.isError ? <LoadError what={t("members.what")} error={members.error} onRetry={() => void members.refetch()} /> : null}
      <ListTable<Member>
        columns={columns}
        dataSource={members.data ?? []}
        loading={members.isLoading}
        empty={t("members.empty")}
        data-testid="members-table"
        scroll={{ x: 720 }}
      />
      <AddMemberDrawer project={project} open={adding} onClose={() => setAdding(false)} />
    </>
  );
}
