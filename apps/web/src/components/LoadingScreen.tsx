export function LoadingScreen() {
  return (
    <main className="centered" data-testid="app-loading" aria-busy="true">
      <p className="loading" role="status">
        Loading Tropical…
      </p>
    </main>
  );
}
