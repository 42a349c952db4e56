/**
 * The JWT kinds. Each has its own `typ` header and audience, so a token of one kind is never
 * accepted as another (an onboarding token cannot open the calendar).
 */
export const TOKEN_KINDS = {
  access: { typ: "at+jwt", audience: "tropical:api" },
  onboarding: { typ: "onboarding+jwt", audience: "tropical:onboarding" },
  emailVerify: { typ: "email-verify+jwt", audience: "tropical:email-verify" },
} as const;

export type TokenKind = keyof typeof TOKEN_KINDS;
