// The instance list's date picker and selects as their empty markup, shown until the first rows
// are on screen: the real antd controls take a good part of the page's first render and nobody
// uses them in its first frame. Same classes, sizes and labels, so nothing moves when they swap;
// pointing at or focusing one swaps them at once (filters still empty, so nothing is lost).
import { CalendarOutlined, DownOutlined, SwapRightOutlined } from "@ant-design/icons";
import type { ReactElement } from "react";

/** The range picker's separator label, as rc-picker writes it (untranslated there too). */
const SEPARATOR_LABEL = "to";

interface SelectShape {
  label: string;
  style: { width?: number; minWidth?: number };
  multiple?: boolean;
}

function EmptySelect({ hash, label, style, multiple }: SelectShape & { hash: string }) {
  const kind = multiple ? "ant-select-multiple" : "ant-select-single";
  const input = (
    <input
      type="search"
      autoComplete="off"
      className="ant-select-selection-search-input"
      role="combobox"
      aria-expanded="false"
      aria-haspopup="listbox"
      aria-label={label}
      readOnly
      value=""
      style={multiple ? { opacity: 0 } : undefined}
    />
  );
  return (
    <div
      className={`ant-select ant-select-outlined ${hash} ${kind} ant-select-allow-clear ant-select-show-arrow ant-select-show-search`}
      aria-label={label}
      style={style}
    >
      <div className="ant-select-selector">
        <span className="ant-select-selection-wrap">
          {multiple ? (
            <div className="ant-select-selection-overflow">
              <div className="ant-select-selection-overflow-item ant-select-selection-overflow-item-suffix" style={{ opacity: 1, order: 0 }}>
                <div className="ant-select-selection-search" style={{ width: 4 }}>
                  {input}
                  <span className="ant-select-selection-search-mirror" aria-hidden="true">
                    {"\u00a0"}
                  </span>
                </div>
              </div>
            </div>
          ) : (
            <span className="ant-select-selection-search">{input}</span>
          )}
          <span className="ant-select-selection-placeholder">{label}</span>
        </span>
      </div>
      <span className="ant-select-arrow" unselectable="on" aria-hidden="true" style={{ userSelect: "none" }}>
        <DownOutlined className="ant-select-suffix" />
      </span>
    </div>
  );
}

function EmptyRange({ hash, label, from, to }: { hash: string; label: string; from: string; to: string }) {
  return (
    <div className={`ant-picker ant-picker-range ant-picker-outlined ${hash}`}>
      <div className="ant-picker-input">
        <input aria-invalid="false" autoComplete="off" aria-label={label} size={12} placeholder={from} readOnly value="" />
      </div>
      <div className="ant-picker-range-separator">
        <span aria-label={SEPARATOR_LABEL} className="ant-picker-separator">
          <SwapRightOutlined />
        </span>
      </div>
      <div className="ant-picker-input">
        <input aria-invalid="false" autoComplete="off" aria-label={label} size={12} placeholder={to} readOnly value="" />
      </div>
      <div className="ant-picker-active-bar" style={{ position: "absolute", width: 0 }} />
      <span className="ant-picker-suffix">
        <CalendarOutlined />
      </span>
    </div>
  );
}

/** The empty date range and selects, in the filter bar's order (InstancesPage.tsx). */
export function filterPlaceholders({
  hash,
  range,
  selects,
}: {
  hash: string;
  range: { label: string; from: string; to: string };
  selects: SelectShape[];
}): ReactElement[] {
  return [
    <EmptyRange key="range" hash={hash} {...range} />,
    ...selects.map((select) => <EmptySelect key={select.label} hash={hash} {...select} />),
  ];
}
