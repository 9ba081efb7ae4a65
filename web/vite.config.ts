import { defineConfig } from "vite";

// Five pages: the command centre (/), the public board (/board), the desk terminal (/desk), the guide handheld (/guide) and sign-in (/signin).
export default defineConfig({
  base: "/",
  build: {
    // `cargo build` passes --outDir (its OUT_DIR); `npx vite build` alone writes dist/.
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: { input: { index: "index.html", board: "board.html", desk: "desk.html", guide: "guide.html", signin: "signin.html" } },
  },
});
