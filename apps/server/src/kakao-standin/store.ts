/**
 * The stand-in's memory: authorization codes (single use, 5 minutes, bound to the client, the
 * redirect URI and the PKCE challenge) and access tokens. In-memory is enough: it serves one
 * development or test process and forgets everything on restart, like a fresh Kakao login.
 */
import { randomToken } from "../oauth/pkce.ts";

export interface StandinUser {
  id: number;
  nickname: string;
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  user: StandinUser;
  expiresAt: number;
}

interface TokenGrant {
  user: StandinUser;
  connectedAt: Date;
  expiresAt: number;
}

export const CODE_TTL_MS = 5 * 60 * 1000;
export const ACCESS_TOKEN_TTL_SECONDS = 6 * 60 * 60 - 1; // what Kakao answers (21599)
export const REFRESH_TOKEN_TTL_SECONDS = 60 * 24 * 60 * 60 - 1;
/** A bound on memory should something hammer the stand-in. */
const MAX_ENTRIES = 10_000;

function prune<T extends { expiresAt: number }>(map: Map<string, T>, now: number): void {
  for (const [key, entry] of map) if (entry.expiresAt <= now) map.delete(key);
  // Maps iterate in insertion order, so this drops the oldest entries first.
  for (const key of map.keys()) {
    if (map.size < MAX_ENTRIES) break;
    map.delete(key);
  }
}

export function createStandinStore(now: () => number = Date.now) {
  const codes = new Map<string, CodeGrant>();
  const tokens = new Map<string, TokenGrant>();

  return {
    issueCode(grant: Omit<CodeGrant, "expiresAt">): string {
      prune(codes, now());
      const code = randomToken();
      codes.set(code, { ...grant, expiresAt: now() + CODE_TTL_MS });
      return code;
    },

    /** Removes the code whatever happens next: a code is spent by its first presentation. */
    takeCode(code: string): CodeGrant | null {
      const grant = codes.get(code);
      codes.delete(code);
      return grant && grant.expiresAt > now() ? grant : null;
    },

    issueToken(user: StandinUser): string {
      prune(tokens, now());
      const token = randomToken();
      tokens.set(token, { user, connectedAt: new Date(now()), expiresAt: now() + ACCESS_TOKEN_TTL_SECONDS * 1000 });
      return token;
    },

    findToken(token: string): TokenGrant | null {
      const grant = tokens.get(token);
      return grant && grant.expiresAt > now() ? grant : null;
    },
  };
}

export type StandinStore = ReturnType<typeof createStandinStore>;
