import { describeFailure } from "../trpc/errors.ts";

export interface LoadErrorProps {
  /** What could not be loaded, e.g. "your events". */
  what: string;
  error: unknown;
  onRetry: () => void;
  testId: string;
}

/** A failed load, said plainly, with a way to try again (a server hiccup is not a dead end). */
export function LoadError({ what, error, onRetry, testId }: LoadErrorProps) {
  return (
    <div className="notice warning" role="alert" data-testid={testId}>
      Couldn't load {what}. {describeFailure(error)}{" "}
      <button type="button" className="button small" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
