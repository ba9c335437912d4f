// The app's antd themes, in one place: the build renders antd's styles with these same themes
// into a CSS file (staticStyles.tsx), so a theme used by a page but missing here costs that page
// the styles' generation and injection at its first render (it still looks right).
import type { ThemeConfig } from "antd";

export const appTheme: ThemeConfig = { token: { colorPrimary: "#1668dc" } };

/** Dense rows: a day's failures fit on a laptop screen without scrolling (the instance list). */
export const denseTableTheme: ThemeConfig = { components: { Table: { cellPaddingBlockSM: 4 } } };
