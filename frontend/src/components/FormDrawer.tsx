import { Button, Drawer, Space } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

interface Props {
  title: string;
  open: boolean;
  width: number;
  /** The submit button's words ("Create channel", "Save changes"). */
  submitLabel: string;
  submitting: boolean;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}

/** A form in a side drawer, with Cancel and submit buttons at its foot. */
export default function FormDrawer({ title, open, width, submitLabel, submitting, onSubmit, onClose, children }: Props) {
  const { t } = useTranslation();
  return (
    <Drawer
      title={title}
      open={open}
      onClose={onClose}
      width={width}
      destroyOnHidden
      footer={
        <Space style={{ justifyContent: "flex-end", width: "100%" }}>
          <Button onClick={onClose}>{t("shared.cancel")}</Button>
          <Button type="primary" loading={submitting} onClick={onSubmit}>
            {submitLabel}
          </Button>
        </Space>
      }
    >
      {children}
    </Drawer>
  );
}
