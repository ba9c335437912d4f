import type { App } from "antd";
import { useEffect } from "react";
import { useBlocker } from "react-router-dom";

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
      title: "Leave the Studio with unsaved changes?",
      content: `Unsaved: ${names}. They are lost if you leave.`,
      okText: "Leave",
      okButtonProps: { danger: true },
      cancelText: "Stay",
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
