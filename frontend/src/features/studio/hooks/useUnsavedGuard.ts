import type { App } from "antd";
import { useEffect } from "react";
import { useBlocker } from "react-router-dom";

import i18n from "../../../i18n";
import type { Tab } from "../tabs";

const inStudio = (pathname: string) => pathname === "/studio" || pathname.startsWith("/studio/");

/** With unsaved tabs, leaving the Studio asks first, and so does closing or reloading the page. */
export function useUnsavedGuard(dirty: Tab[], modal: Pick<ReturnType<typeof App.useApp>["modal"], "confirm">) {
  const anyDirty = dirty.length > 0;
  const blocker = useBlocker(({ nextLocation }) => anyDirty && !inStudio(nextLocation.pathname));
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    const names = dirty.map((tab) => tab.meta?.name ?? `#${tab.nodeId}`).join(", ");
    modal.confirm({
      title: i18n.t("studio:unsaved.title"),
      content: i18n.t("studio:unsaved.content", { names }),
      okText: i18n.t("studio:unsaved.leave"),
      okButtonProps: { danger: true },
      cancelText: i18n.t("studio:unsaved.stay"),

      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
    // Once each time the router blocks a navigation.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [blocker.state]);
  useEffect(() => {
    if (!anyDirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [anyDirty]);
}
