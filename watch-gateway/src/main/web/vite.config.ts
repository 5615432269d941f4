import { defineConfig } from "vite";

// Built into the gateway's classes directory, so the jar serves the page from classpath:public at "/".
// `npm run dev` serves it with hot reload and forwards the RPC paths to a local server (bin/flyte-services all).
const API = process.env.FLYTE_API ?? "http://127.0.0.1:8090";

export default defineConfig({
  base: "./",
  build: {
    outDir: "../../../target/classes/public",
    emptyOutDir: true,
    target: "es2022",
    // A few tens of kB of page code on top of the generated descriptors: one file is simplest to cache and serve.
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      // /<package.Service>/<Method>, e.g. /flyteidl2.workflow.RunService/WatchRuns
      "^/[A-Za-z_][A-Za-z0-9_.]*\\.[A-Za-z_][A-Za-z0-9_]*/": { target: API, changeOrigin: true },
    },
  },
});
