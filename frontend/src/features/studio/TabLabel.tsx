import { useTranslation } from "react-i18next";

import { TYPE_ICONS } from "./NodeTree";
import type { NodeType } from "./types";

/** A tab's title: the node's type icon and name, and a dot while it has unsaved changes. */
export default function TabLabel({ name, type, dirty }: { name: string; type: NodeType | undefined; dirty: boolean }) {
  const { t } = useTranslation("studio");
  return (
    <span data-testid={`tab-${name}`} data-dirty={dirty ? "true" : "false"}>
      {type && TYPE_ICONS[type]} {name}
      {dirty && (
        <span aria-label={t("tabs.unsaved")} title={t("tabs.unsaved")} style={{ color: "#fa8c16", marginLeft: 4 }}>
          ●
        </span>
      )}
    </span>
  );
}
