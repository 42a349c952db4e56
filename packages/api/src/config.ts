import type { Keyring } from "@tropical/auth";

/** Everything the API needs to know about tokens and cookies; built once from the environment. */
export interface AuthConfig {
  issuer: string;
  keyring: Keyring;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  sessionMaxAgeSeconds: number;
  /** How long after a rotation the previous refresh token still yields the current one. */
  refreshGraceSeconds: number;
  /** Origins whose pages may make state-changing calls (the app's own). */
  allowedOrigins: readonly string[];
  /** Secure cookies with __Host-/__Secure- names; off only for plain-http localhost. */
  cookieSecure: boolean;
}
