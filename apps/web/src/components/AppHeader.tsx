import { useState } from "react";
import { Link, useLocation } from "react-router";
import { useAuth } from "../auth/auth-context.ts";
import type { SignedInUser } from "../auth/auth-context.ts";
import { describeFailure } from "../trpc/errors.ts";

/** The signed-in pages; the calendar is also the home page. */
const NAV_LINKS = [
  { to: "/calendar", label: "Calendar", paths: ["/", "/calendar"] },
  { to: "/devices", label: "Devices", paths: ["/devices"] },
];

export function AppHeader({ user }: { user: SignedInUser }) {
  const { signOut } = useAuth();
  const { pathname } = useLocation();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function handleSignOut() {
    setPending(true);
    setFailure(null);
    try {
      // On success the session store ends the session and the guard leaves for /login.
      await signOut();
    } catch (error) {
      setFailure(`Couldn't sign out. ${describeFailure(error)}`);
      setPending(false);
    }
  }

  return (
    <header className="app-header">
      <p className="app-name">
        <span className="logo" aria-hidden="true">
          T
        </span>{" "}
        Tropical
      </p>
      <nav aria-label="Main" style={{ display: "flex", gap: "0.4rem" }}>
        {NAV_LINKS.map(({ to, label, paths }) => {
          const current = paths.includes(pathname);
          return (
            <Link
              key={to}
              to={to}
              className={current ? "button small primary" : "button small"}
              aria-current={current ? "page" : undefined}
            >
              {label}
            </Link>
          );
        })}
      </nav>
      <div className="account">
        <span className="user-name" data-testid="user-name">
          {user.displayName}
        </span>
        <button type="button" className="button" onClick={() => void handleSignOut()} disabled={pending}>
          Sign out
        </button>
      </div>
      {failure && (
        <p className="notice warning header-notice" role="alert">
          {failure}
        </p>
      )}
    </header>
  );
}
