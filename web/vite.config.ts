import { defineConfig } from "vite";

// Six pages: the command centre (/), the public board (/board), the desk terminal (/desk), the guide handheld (/guide), sign-in (/signin) and admin (/admin).
export default defineConfig({
  base: "/",
  build: {
    // `cargo build` passes --outDir (its OUT_DIR); `npx vite build` alone writes dist/.
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: { input: { index: "index.html", board: "board.html", desk: "desk.html", guide: "guide.html", signin: "signin.html", admin: "admin.html" } },
  },
});
