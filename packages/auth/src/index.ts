export * from "./error-codes.ts";
export * from "./keyring.ts";
export * from "./token-kinds.ts";
export * from "./jwt.ts";
export * from "./refresh-token.ts";
export * from "./cookie-policy.ts";
export * from "./session-lifetime.ts";
export * from "./refresh-decision.ts";
