import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { runtimeConfig } from "./server/runtime-config.ts";

// `npm run dev -w @floorgraph/web`: the dashboard with hot reload against a gateway started by
// `npm start` (or FLOORGRAPH_GATEWAY_URL). The built app in dist/ is what `npm start` serves.
export default defineConfig({
  plugins: [react(), runtimeConfig(process.env.FLOORGRAPH_GATEWAY_URL ?? "http://127.0.0.1:4000/graphql")],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The explorer's editor (Monaco) is big on purpose and loads only on /explorer.
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      // GraphiQL ships React-compiler directives ("use no memo") that bundling drops harmlessly.
      onwarn: (warning, warn) => (warning.code === "MODULE_LEVEL_DIRECTIVE" ? undefined : warn(warning)),
    },
  },
  worker: { format: "es" },
  server: { host: "127.0.0.1", port: 5173 },
});
