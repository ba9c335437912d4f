// The app's antd themes, in one place: the build renders antd's styles with these same themes
// into a CSS file (staticStyles.tsx), so a theme used by a page but missing here costs that page
// the styles' generation and injection at its first render (it still looks right).
import type { ThemeConfig } from "antd";

export const appTheme: ThemeConfig = { token: { colorPrimary: "#1668dc" } };
// One theme only: a nested ConfigProvider with a theme of its own makes antd build a second copy
// of every style of the components inside it (the instance list's dense rows are plain CSS,
// features/operations/denseTable.css).
