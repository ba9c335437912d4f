import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const backend = "http://127.0.0.1:8000";

// Big libraries get their own long-cached chunks; the app code changes far more often.
const VENDOR_CHUNKS: Record<string, RegExp> = {
  react: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@remix-run)[\\/]/,
  query: /[\\/]node_modules[\\/]@tanstack[\\/]/,
  antd: /[\\/]node_modules[\\/](antd|@ant-design|rc-[^\\/]+|@rc-component|@emotion|stylis|dayjs)[\\/]/,
};

export default defineConfig(({ command }) => ({
  plugins: [react()],
  // Django serves the built files under /static/ and index.html for every app route. The dev
  // server serves the app at / so that reloading /studio etc. works there too.
  base: command === "build" ? "/static/" : "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // antd on its own is a bit over the default 500 kB (minified, before gzip).
    chunkSizeWarningLimit: 1000,
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
