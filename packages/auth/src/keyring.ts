/**
 * Signing keys for the JWTs. Each key has a `kid`; the first key signs, every key verifies,
 * so a key can be rotated by prepending a new one and keeping the old one until the longest
 * token it signed has expired.
 */
export interface SigningKey {
  kid: string;
  secret: Uint8Array;
}

export interface Keyring {
  current: SigningKey;
  byKid: ReadonlyMap<string, SigningKey>;
}

const MIN_SECRET_BYTES = 32;

/** Parses `kid:secret,kid:secret` (newest first); secrets need at least 32 bytes. */
export function parseKeyring(spec: string): Keyring {
  const keys = spec
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const colon = part.indexOf(":");
      const kid = colon > 0 ? part.slice(0, colon) : "";
      const secret = new TextEncoder().encode(colon > 0 ? part.slice(colon + 1) : "");
      if (!/^[\w.-]{1,64}$/.test(kid)) throw new Error("keyring: every key needs a kid (kid:secret)");
      if (secret.byteLength < MIN_SECRET_BYTES) {
        throw new Error(`keyring: key "${kid}" is shorter than ${MIN_SECRET_BYTES} bytes`);
      }
      return { kid, secret };
    });
  const [current] = keys;
  if (!current) throw new Error("keyring: no keys");
  const byKid = new Map(keys.map((key) => [key.kid, key]));
  // A repeated kid would make the map keep the last key while the first one signs: every new
  // token would then fail to verify.
  if (byKid.size !== keys.length) throw new Error("keyring: every kid must be unique");
  return { current, byKid };
}
