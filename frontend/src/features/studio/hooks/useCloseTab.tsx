import { App as AntApp, Button } from "antd";
import { useTranslation } from "react-i18next";

import { findTab, isDirty, neighbourAfterClose, type TabsAction, type TabsState } from "../tabs";

/** Closing a tab: at once when it has no unsaved changes, else after asking to save or discard. */
export function useCloseTab(
  tabs: TabsState,
  activeId: number | null,
  dispatch: (action: TabsAction) => void,
  save: (nodeId: number) => Promise<boolean>,
  afterClose: (nodeId: number, next: number | null) => void,
) {
  const { t } = useTranslation("studio");
  const { modal } = AntApp.useApp();

  const closeNow = (nodeId: number) => {
    const next = neighbourAfterClose({ ...tabs, active: activeId }, nodeId);
    dispatch({ type: "close", nodeId });
    afterClose(nodeId, next);
  };

  const closeTab = (nodeId: number) => {
    const tab = findTab(tabs, nodeId);
    if (!isDirty(tab)) {
      closeNow(nodeId);
      return;
    }
    const dialog = modal.confirm({
      title: t("close.title", { name: tab?.meta?.name ?? "" }),
      content: t("close.content"),
      okText: t("close.save"),
      cancelText: t("close.keep"),
      footer: (_, { OkBtn, CancelBtn }) => (
        <>
          <CancelBtn />
          <Button
            danger
            onClick={() => {
              dialog.destroy();
              closeNow(nodeId);
            }}
          >
            {t("close.discard")}
          </Button>
          <OkBtn />
        </>
      ),
      onOk: async () => {
        if (await save(nodeId)) closeNow(nodeId);
      },
    });
  };

  return { closeNow, closeTab };
}
