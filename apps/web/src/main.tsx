import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App } from "./App.tsx";
import { AuthProvider } from "./auth/AuthProvider.tsx";
import { RefreshingIndicator } from "./auth/RefreshingIndicator.tsx";
import { createSessionRefresh } from "./auth/session-refresh.ts";
import { createSessionStore } from "./auth/session-store.ts";
import { createAuthClient, createMainLinks } from "./trpc/client.ts";
import { createQueryClient } from "./trpc/query-client.ts";
import { TrpcProvider } from "./trpc/react.tsx";
import "./styles.css";

// Built once per page load, outside React: the refresh link and the proactive scheduler report
// session expiry into the store, and the auth provider reads it from there. Both refresh
// through one refresh coordinated with the other tabs of this browser.
const sessionStore = createSessionStore();
const authClient = createAuthClient();
const sessionRefresh = createSessionRefresh(authClient, sessionStore);
const links = createMainLinks({
  refresh: sessionRefresh.refresh,
  onSessionExpired: (code) => sessionStore.end(code),
});
const queryClient = createQueryClient();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <TrpcProvider queryClient={queryClient} links={links}>
      <AuthProvider sessionStore={sessionStore} authClient={authClient} sessionRefresh={sessionRefresh}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
        <RefreshingIndicator />
      </AuthProvider>
    </TrpcProvider>
  </StrictMode>,
);
