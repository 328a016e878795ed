/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The server serves `dist/` (copied into its output as `web/`); in development `npm run dev`
// proxies the API and the hub to a server started with `dotnet run`.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      // The Markdown parser's browser build decodes "&name;" with innerHTML; messages keep them as typed anyway.
      "decode-named-character-reference": "/src/state/characterReferences.ts",
    },
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      "/api": "http://localhost:5080",
      "/hubs": { target: "http://localhost:5080", ws: true },
    },
  },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
