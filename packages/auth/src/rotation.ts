/**
 * What to do with a live (unrevoked, unexpired) refresh token, given its generation and the
 * session's (DESIGN §3, "Rotation"):
 * - the current token rotates: a new generation is issued and this one retires;
 * - the immediately previous token, within the grace window after its rotation, gets the
 *   current token again: two tabs racing, or a response lost in flight, converge on one
 *   successor and nobody is logged out;
 * - anything older, or the previous token after the window, is reuse: a copy of a retired
 *   token is in someone else's hands.
 */
export type RotationDecision = { action: "rotate" } | { action: "reissue-current" } | { action: "reuse" };

export interface RotationState {
  presentedGeneration: number;
  currentGeneration: number;
  lastRotatedAt: Date | null;
}

export function decideRotation(state: RotationState, now: Date, graceSeconds: number): RotationDecision {
  const { presentedGeneration, currentGeneration, lastRotatedAt } = state;
  if (presentedGeneration === currentGeneration) return { action: "rotate" };
  const withinGrace =
    lastRotatedAt !== null && now.getTime() - lastRotatedAt.getTime() <= graceSeconds * 1000;
  if (presentedGeneration === currentGeneration - 1 && withinGrace) return { action: "reissue-current" };
  return { action: "reuse" };
}
