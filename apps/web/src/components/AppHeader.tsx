import { useState } from "react";
import { useAuth } from "../auth/auth-context.ts";
import type { SignedInUser } from "../auth/auth-context.ts";
import { describeFailure } from "../trpc/errors.ts";

export function AppHeader({ user }: { user: SignedInUser }) {
  const { signOut } = useAuth();
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
