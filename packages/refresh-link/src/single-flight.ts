/**
 * Wraps an async task so that every caller arriving while it runs shares that one run instead
 * of starting its own. The promise is forgotten as soon as it settles, so the first caller
 * after that starts a fresh run: a single flight, not a cache (a refresh that succeeded ten
 * minutes ago says nothing about the token that expired just now).
 */
export function singleFlight<T>(task: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    // `new Promise` turns a synchronous throw from `task` into a rejection every caller sees.
    inFlight ??= new Promise<T>((resolve) => resolve(task())).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}
