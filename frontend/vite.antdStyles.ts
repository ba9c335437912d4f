// antd's styles for the app's themes as a CSS file, made at build time (src/theme/staticStyles.tsx)
// and linked before the app's code: antd then skips making and injecting them in the browser.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { createServer, type Plugin } from "vite";

const MODULE = "/src/theme/staticStyles.tsx";

/** The names the app's code imports from antd (`import { Button, Table } from "antd"`). */
export function antdImports(dir: string): string[] {
  const names = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) continue;
    const code = readFileSync(join(entry.parentPath, entry.name), "utf8");
    for (const match of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*"antd"/g)) {
      for (const part of match[1].split(",")) {
        const name = part.trim().split(/\s+as\s+/)[0];
        if (name && !name.startsWith("type ")) names.add(name);
      }
    }
  }
  return [...names].sort();
}

export default function antdStaticStyles(): Plugin {
  let fileName = "";
  let base = "/";
  let root = "";
  return {
    name: "workbench:antd-static-styles",
    apply: "build",
    configResolved(config) {
      base = config.base;
      root = config.root;
    },
    async buildStart() {
      // Rendered in Node through Vite's SSR loader, which compiles the TSX as the app's build does.
      const server = await createServer({
        configFile: false,
        root,
        logLevel: "error",
        appType: "custom",
        server: { middlewareMode: true, hmr: false, ws: false },
        optimizeDeps: { noDiscovery: true, include: [] },
      });
      let css: string;
      try {
        const module = (await server.ssrLoadModule(MODULE)) as { antdStaticStyles: (names: string[]) => string };
        css = module.antdStaticStyles(antdImports(join(root, "src")));
      } finally {
        await server.close();
      }
      // antd names its classes after the build mode: a development copy would match nothing.
      if (css.includes("css-dev-only")) throw new Error("antd's static styles were made in development mode");
      const hash = createHash("sha256").update(css).digest("hex").slice(0, 8);
      fileName = `assets/antd-${hash}.css`;
      this.emitFile({ type: "asset", fileName, source: css });
    },
    transformIndexHtml: {
      order: "pre",
      handler: () => [
        // Before the app's code and styles: antd reads the file's map when it first renders, and
        // its own styles come before the app's, as antd injects them.
        { tag: "link", attrs: { rel: "stylesheet", href: `${base}${fileName}` }, injectTo: "head" },
      ],
    },
  };
}
