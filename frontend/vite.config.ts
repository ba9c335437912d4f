import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

import antdStaticStyles from "./vite.antdStyles";

const backend = "http://127.0.0.1:8000";

// React and its router and TanStack Query, which every page needs, get their own long-cached
// chunks: the app code changes far more often. antd is deliberately not one of them: left to
// Rollup, each route gets only the components it uses (the login page a form, not the tables,
// pickers and trees of the other pages), shared ones in shared chunks.
const VENDOR_CHUNKS: Record<string, RegExp> = {
  react: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@remix-run)[\\/]/,
  query: /[\\/]node_modules[\\/]@tanstack[\\/]/,
};

export default defineConfig(({ command }) => ({
  plugins: [react(), antdStaticStyles()],
  // Django serves the built files under /static/ and index.html for every app route. The dev
  // server serves the app at / so that reloading /studio etc. works there too.
  base: command === "build" ? "/static/" : "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The studio's chunk carries CodeMirror (a bit over the default 500 kB, before gzip).
    chunkSizeWarningLimit: 1000,
    // Which files each route needs: tests/workbench/test_bundle_budget.py sums the login page's.
    manifest: true,
    rollupOptions: {
      output: {
        manualChunks(id) {
          for (const [name, pattern] of Object.entries(VENDOR_CHUNKS)) {
            if (pattern.test(id)) return `vendor-${name}`;
          }
          return undefined;
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      "/api": backend,
      "/admin": backend,
      "/static": backend, // Django admin's and DRF's own assets
      "/healthz": backend,
      "/ws": { target: backend, ws: true },
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    restoreMocks: true,
    unstubGlobals: true,
    testTimeout: 20_000,
  },
}));
