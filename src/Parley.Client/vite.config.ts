/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The server serves `dist/` (copied into its output as `web/`); in development `npm run dev`
// proxies the API and the hub to a server started with `dotnet run`.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      "/api": "http://localhost:5080",
      "/hubs": { target: "http://localhost:5080", ws: true },
    },
  },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
