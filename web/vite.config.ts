import { defineConfig } from "vite";

// Two pages: the command centre (/) and the public board (/board).
export default defineConfig({
  base: "/",
  build: {
    // `cargo build` passes --outDir (its OUT_DIR); `npx vite build` alone writes dist/.
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: { input: { index: "index.html", board: "board.html" } },
  },
});
