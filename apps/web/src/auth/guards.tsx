import type { ReactNode } from "react";
import { Navigate } from "react-router";
import { LoadingScreen } from "../components/LoadingScreen.tsx";
import { UnreachableScreen } from "../components/UnreachableScreen.tsx";
import { useAuth } from "./auth-context.ts";

/** Nothing is routed until the auth state is known: no login-page flash on reload. */
export function AuthGate({ children }: { children: ReactNode }) {
  const { state, retry } = useAuth();
  if (state.status === "loading") return <LoadingScreen />;
  if (state.status === "unreachable") return <UnreachableScreen retrying={state.retrying} onRetry={retry} />;
  return children;
}

/** Protected routes: a signed-out visitor is sent to /login once, replacing this entry. */
export function RequireSignedIn({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  if (state.status !== "signed-in") return <Navigate to="/login" replace />;
  return children;
}

/** /login while signed in goes straight to the calendar. */
export function RedirectIfSignedIn({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  if (state.status === "signed-in") return <Navigate to="/" replace />;
  return children;
}
