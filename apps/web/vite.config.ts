import react from "@vitejs/plugin-react";
import { defineConfig, loadEnv, type ProxyOptions } from "vite";

/**
 * The browser only ever talks to localhost:5173, so the server's HttpOnly cookies are
 * first-party. The Host header is passed through unchanged (no `changeOrigin`) and `xfwd`
 * adds X-Forwarded-*, so the server builds redirects and cookies for the address the
 * browser actually used.
 */
export default defineConfig(({ mode }) => {
  // TROPICAL_API_ORIGIN and TROPICAL_WEB_PORT let a second copy run beside the usual one.
  const env = loadEnv(mode, ".", "TROPICAL_");
  const toApi: ProxyOptions = {
    target: env["TROPICAL_API_ORIGIN"] ?? "http://127.0.0.1:4000",
    changeOrigin: false,
    xfwd: true,
  };
  return {
    plugins: [react()],
    server: {
      port: Number(env["TROPICAL_WEB_PORT"] ?? 5173),
      strictPort: true,
      proxy: {
        "/trpc": toApi,
        "/api/": toApi,
        "/oauth/": toApi,
        "/kakao-standin": toApi,
        "/healthz": toApi,
      },
    },
    build: { outDir: "dist", sourcemap: false },
  };
});
