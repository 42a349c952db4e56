/**
 * Serves the built web app (production, or browser tests against a built bundle). Unknown
 * paths that a browser navigates to get `index.html`, so client-side routes survive a reload;
 * API-ish prefixes never do, so a mistyped API call gets a JSON 404 rather than HTML.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import express, { type RequestHandler, Router } from "express";
import type { Logger } from "./logger.ts";

const NOT_SPA = /^\/(trpc|api|oauth|kakao-standin|healthz)(\/|$)/;

export function staticWeb(dir: string, logger: Logger): RequestHandler | null {
  const indexHtml = path.join(dir, "index.html");
  if (!existsSync(indexHtml)) {
    logger.warn({ dir }, "SERVE_WEB is on but the web build is missing; run the web build first. Not serving it.");
    return null;
  }
  const routes = Router();
  routes.use(
    express.static(dir, {
      index: false,
      setHeaders: (res, file) => {
        // Vite puts content-hashed files under assets/: they never change under one name.
        if (file.startsWith(path.join(dir, "assets") + path.sep)) {
          res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
        }
      },
    }),
  );
  routes.use((req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || NOT_SPA.test(req.path) || !req.accepts("html")) return next();
    // index.html names the current hashed bundles, so it must be revalidated every time.
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(indexHtml);
  });
  return routes;
}
