import type { Db } from "@tropical/db";

/**
 * Whether an access token's session has been revoked, without a database round trip per call:
 * each session's state is cached for `ttlMs` (500 ms), so a revocation made by another server
 * process takes effect within that bound; a revocation made by this process takes effect
 * at once (`markRevoked`). Bounded in size: the oldest entries are dropped first.
 */
export class SessionRevocations {
  private readonly entries = new Map<string, { revoked: boolean; checkedAt: number }>();

  constructor(
    readonly ttlMs = 500,
    private readonly maxEntries = 10_000,
  ) {}

  async isRevoked(db: Db, sessionId: string, now: Date): Promise<boolean> {
    const cached = this.entries.get(sessionId);
    if (cached && (cached.revoked || now.getTime() - cached.checkedAt < this.ttlMs)) return cached.revoked;
    const session = await db.session.findUnique({ where: { id: sessionId }, select: { revokedAt: true } });
    const revoked = !session || session.revokedAt !== null;
    this.remember(sessionId, revoked, now.getTime());
    return revoked;
  }

  markRevoked(sessionIds: Iterable<string>): void {
    for (const id of sessionIds) this.remember(id, true, Number.POSITIVE_INFINITY);
  }

  private remember(sessionId: string, revoked: boolean, checkedAt: number) {
    this.entries.delete(sessionId);
    this.entries.set(sessionId, { revoked, checkedAt });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
