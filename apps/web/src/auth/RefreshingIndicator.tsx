import type { CSSProperties } from "react";
import { useAuth } from "./auth-context.ts";

// Inline: a small overlay that needs no page layout (and no shared stylesheet edit).
const style: CSSProperties = {
  position: "fixed",
  insetBlockEnd: "1rem",
  insetInlineEnd: "1rem",
  margin: 0,
  padding: "0.35rem 0.75rem",
  borderRadius: "999px",
  background: "rgba(20, 20, 20, 0.8)",
  color: "#fff",
  fontSize: "0.8rem",
  pointerEvents: "none",
  zIndex: 1000,
};

/** "Refreshing…" while the session is being renewed (silently, so nothing else changes). */
export function RefreshingIndicator() {
  const { refreshing } = useAuth();
  if (!refreshing) return null;
  return (
    <p role="status" data-testid="refreshing-indicator" style={style}>
      Refreshing…
    </p>
  );
}
