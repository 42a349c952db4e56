/**
 * CSRF defence for cookie-authenticated writes. SameSite=Lax keeps cookies off cross-site
 * POSTs, but not off same-site ones (a sibling subdomain, another port on localhost), and a
 * cross-site form can still make the server *clear* cookies. So a state-changing request is
 * refused when the browser says it came from elsewhere:
 * - `Sec-Fetch-Site` (sent by every current browser) must be `same-origin` or `none`;
 * - otherwise, an `Origin` header must be one of ours.
 * A request with neither header is not from a browser page (curl, a native client, an old
 * client of the REST door) and cannot carry a victim's cookies by trickery: it passes.
 */
export interface RequestOrigin {
  method: string;
  origin: string | null;
  secFetchSite: string | null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossSiteWrite(request: RequestOrigin, allowedOrigins: readonly string[]): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  if (request.secFetchSite !== null) return request.secFetchSite !== "same-origin" && request.secFetchSite !== "none";
  if (request.origin !== null) return !allowedOrigins.includes(request.origin);
  return false;
}
