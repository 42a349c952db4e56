/**
 * The stand-in's HTML. Plain server-rendered pages; every value that came from a request
 * goes through `escapeHtml`, so a nickname like `<script>` shows as text.
 */
import type { StandinUser } from "./store.ts";

export const TEST_USERS: readonly StandinUser[] = [
  { id: 1001, nickname: "Minji Kim" },
  { id: 1002, nickname: "Jisoo Park" },
  { id: 1003, nickname: "Test User" },
];

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; color: #191919; }
  h1 { font-size: 1.3rem; } .note { color: #666; font-size: .9rem; }
  .users button, .custom button { display: block; width: 100%; margin: .5rem 0; padding: .7rem; font-size: 1rem;
    background: #fee500; border: 0; border-radius: .4rem; cursor: pointer; }
  .cancel { background: none; border: 1px solid #aaa; padding: .5rem 1rem; border-radius: .4rem; cursor: pointer; }
  label { display: block; margin: .5rem 0 .2rem; } input[type=text] { width: 100%; padding: .4rem; box-sizing: border-box; }
</style>
</head>
<body>
${body}
</body>
</html>`;
}

/** The authorization request's parameters, carried through the forms unchanged. */
export type AuthorizeParams = Record<"client_id" | "redirect_uri" | "response_type" | "state" | "code_challenge" | "code_challenge_method", string>;

function hiddenFields(params: AuthorizeParams): string {
  return Object.entries(params)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("\n  ");
}

export function consentPage(params: AuthorizeParams, approveAction: string): string {
  const fields = hiddenFields(params);
  const buttons = TEST_USERS.map(
    (user) => `<button type="submit" name="user_id" value="${user.id}">${escapeHtml(user.nickname)}</button>`,
  ).join("\n  ");
  return layout(
    "Kakao (development stand-in)",
    `<h1>Kakao (development stand-in)</h1>
<p class="note">This page plays Kakao Login for local development and tests. No real Kakao account is used.</p>
<form class="users" method="post" action="${escapeHtml(approveAction)}">
  ${fields}
  <p>Continue as:</p>
  ${buttons}
</form>
<form class="custom" method="post" action="${escapeHtml(approveAction)}">
  ${fields}
  <label for="custom_nickname">Nickname</label>
  <input id="custom_nickname" type="text" name="custom_nickname" maxlength="50" required>
  <label for="custom_id">Kakao id (digits)</label>
  <input id="custom_id" type="text" name="custom_id" inputmode="numeric" pattern="[0-9]{1,15}" maxlength="15" required>
  <button type="submit">Continue as custom user</button>
</form>
<form method="post" action="${escapeHtml(approveAction)}">
  ${fields}
  <button class="cancel" type="submit" name="action" value="cancel">Cancel</button>
</form>`,
  );
}

export function errorPage(message: string): string {
  return layout(
    "Kakao (development stand-in) — error",
    `<h1>Kakao (development stand-in)</h1>
<p role="alert">Bad authorization request: ${escapeHtml(message)}</p>`,
  );
}
