import { useSearchParams } from "react-router";
import { useAuth } from "../auth/auth-context.ts";
import { messageForOAuthError, messageForReason } from "../auth/messages.ts";

export function LoginPage() {
  const { state } = useAuth();
  const [params] = useSearchParams();
  // An OAuth failure is the newer news; otherwise say why the session ended, if it matters.
  const message =
    messageForOAuthError(params.get("error")) ??
    messageForReason(state.status === "signed-out" ? state.reason : undefined);

  return (
    <main className="centered" data-testid="login-page">
      <section className="card login-card" aria-labelledby="login-title">
        <span className="logo large" aria-hidden="true">
          T
        </span>
        <h1 id="login-title">Sign in to Tropical</h1>
        <p className="muted">Your calendar, wherever you are.</p>
        {message && (
          <p className={`notice ${message.tone}`} role="alert" data-testid="login-message">
            {message.text}
          </p>
        )}
        {/* A plain link: the OAuth flow is a full-page navigation through the server. */}
        <a className="button kakao" href="/oauth/kakao/start">
          Sign in with Kakao
        </a>
      </section>
    </main>
  );
}
