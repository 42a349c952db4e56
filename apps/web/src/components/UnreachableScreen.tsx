export interface UnreachableScreenProps {
  retrying: boolean;
  onRetry: () => void;
}

/** The server or the network failed; the session is kept (a hiccup is not a logout). */
export function UnreachableScreen({ retrying, onRetry }: UnreachableScreenProps) {
  return (
    <main className="centered" data-testid="app-unreachable">
      <section className="card" role="alert">
        <h1>Can't reach Tropical right now</h1>
        <p>This is usually temporary, and nothing was lost. Check your connection, then try again.</p>
        <button type="button" className="button primary" onClick={onRetry} disabled={retrying}>
          {retrying ? "Trying again…" : "Try again"}
        </button>
      </section>
    </main>
  );
}
