import { Button, Popconfirm, Space, Tooltip } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

interface Props {
  /** Why the caller may not edit or delete the row ("" when they may). */
  refusal: string;
  onEdit: () => void;
  /** The question the delete button asks first ("Delete the rule orders?"). */
  deleteQuestion: string;
  /** What deleting also takes with it, under the question. */
  deleteHint?: string;
  onDelete: () => void;
  /** Buttons of the row's own before Edit (Run, Send test). */
  children?: ReactNode;
}

/** A list row's Edit and Delete buttons; off, with the reason on hover, for a role that may not. */
export default function RowActions({ refusal, onEdit, deleteQuestion, deleteHint, onDelete, children }: Props) {
  const { t } = useTranslation();
  const tip = refusal || undefined;
  return (
    <Space size={4}>
      {children}
      <Tooltip title={tip}>
        <Button size="small" type="link" disabled={!!refusal} onClick={onEdit}>
          {t("shared.edit")}
        </Button>
      </Tooltip>
      <Popconfirm
        title={deleteQuestion}
        description={deleteHint}
        okText={t("shared.delete")}
        okButtonProps={{ danger: true }}
        onConfirm={onDelete}
        disabled={!!refusal}
      >
        <Tooltip title={tip}>
          <Button size="small" type="link" danger disabled={!!refusal}>
            {t("shared.delete")}
          </Button>
        </Tooltip>
      </Popconfirm>
    </Space>
  );
}
