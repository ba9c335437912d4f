// Cells of the instance list that look like antd's Tooltip, Dropdown, Button and Space but are
// plain elements until someone points at or clicks them: fifty rows of antd components cost the
// list's first render several hundred milliseconds, most of it for tooltips and menus nobody has
// opened yet. The antd component is mounted on demand, already open.
import { DownOutlined } from "@ant-design/icons";
import { Button, Dropdown, theme, Tooltip, type MenuProps } from "antd";
import type { TooltipPlacement } from "antd/es/tooltip";
import { useState, type ReactNode } from "react";

/** The class antd gives its components for the app's theme (the static styles' hash). */
export function useAntdHash(): string {
  return theme.useToken().hashId;
}

/** Where the tooltip points: the whole of the span it is in, catching no pointer events. */
const ANCHOR = { position: "absolute", inset: 0, pointerEvents: "none" } as const;

/** A span showing `title` in antd's Tooltip while pointed at or focused. The Tooltip is mounted
 * beside the children on first use, never around them: they stay the same elements, so a click
 * that starts as the pointer arrives still lands on them. */
export function HoverTip({ title, placement, children }: { title?: ReactNode; placement?: TooltipPlacement; children: ReactNode }) {
  // null: never shown, no Tooltip mounted yet.
  const [open, setOpen] = useState<boolean | null>(null);
  if (!title) return <span>{children}</span>;
  const show = () => setOpen(true);
  const hide = () => setOpen((shown) => (shown === null ? null : false));
  return (
    <span style={{ position: "relative" }} onMouseEnter={show} onMouseLeave={hide} onFocus={show} onBlur={hide}>
      {children}
      {open !== null && (
        <Tooltip title={title} placement={placement} open={open}>
          <span style={ANCHOR} aria-hidden="true" />
        </Tooltip>
      )}
    </span>
  );
}

/** antd's horizontal `<Space size={4}>`, as its markup. */
export function SmallSpace({ hash, children }: { hash: string; children: ReactNode[] }) {
  const items = children.filter((child) => child !== null && child !== undefined && child !== false);
  return (
    <div className={`ant-space ${hash} ant-space-horizontal ant-space-align-center`} style={{ columnGap: 4, rowGap: 4 }}>
      {items.map((child, index) => (
        <div key={index} className="ant-space-item">
          {child}
        </div>
      ))}
    </div>
  );
}

/** A small "Actions ▾" button opening `menu`: antd's Button and Dropdown from the first click. */
export function ActionsButton({
  hash,
  label,
  ariaLabel,
  disabled,
  menu,
}: {
  hash: string;
  label: string;
  ariaLabel: string;
  disabled: boolean;
  menu: MenuProps;
}) {
  const [open, setOpen] = useState<boolean | null>(null);
  const content = (
    <>
      <span>{label} </span>
      <DownOutlined />
    </>
  );
  if (open !== null) {
    return (
      <Dropdown menu={menu} trigger={["click"]} disabled={disabled} open={open} onOpenChange={setOpen}>
        <Button size="small" aria-label={ariaLabel} autoFocus>
          {label} <DownOutlined />
        </Button>
      </Dropdown>
    );
  }
  return (
    <button
      type="button"
      className={`ant-btn ${hash} ant-btn-default ant-btn-color-default ant-btn-variant-outlined ant-btn-sm ant-dropdown-trigger`}
      aria-label={ariaLabel}
      disabled={disabled}
      onClick={() => setOpen(true)}
    >
      {content}
    </button>
  );
}
