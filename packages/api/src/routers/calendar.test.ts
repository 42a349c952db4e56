import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { failure } from "../test/failure.ts";
import { type TestApi, createTestApi } from "../test/harness.ts";

let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
});
afterEach(() => api.dispose());

const december = { from: new Date("2026-12-01T00:00:00Z"), to: new Date("2026-12-31T23:59:59Z") };
const standup = {
  title: "Stand-up",
  startsAt: new Date("2026-12-03T09:00:00Z"),
  endsAt: new Date("2026-12-03T09:15:00Z"),
  note: "Room 4",
};

async function signedIn(providerAccountId: string, displayName: string) {
  const browser = api.browser();
  await browser.signIn({ providerAccountId, displayName });
  return browser.caller();
}

const codeOf = async (call: Promise<unknown>) => (await failure(call)).code;

describe("calendar", () => {
  it("creates, lists by date range, updates and deletes the caller's events", async () => {
    const minji = await signedIn("1001", "Minji Kim");
    const created = await minji.calendar.create(standup);
    expect(created).toMatchObject({ title: "Stand-up", note: "Room 4" });

    expect(await minji.calendar.list(december)).toEqual([created]);
    expect(await minji.calendar.list({ from: new Date("2027-01-01T00:00:00Z"), to: new Date("2027-01-31T00:00:00Z") })).toEqual([]);

    const updated = await minji.calendar.update({ ...standup, id: created.id, title: "Stand-up (moved)", note: null });
    expect(updated).toMatchObject({ id: created.id, title: "Stand-up (moved)", note: null });

    await expect(minji.calendar.delete({ id: created.id })).resolves.toEqual({ id: created.id });
    expect(await minji.calendar.list(december)).toEqual([]);
  });

  it("accepts ISO timestamps with an offset as dates", async () => {
    const minji = await signedIn("1001", "Minji Kim");
    const created = await minji.calendar.create({
      title: "Lunch",
      startsAt: "2026-12-04T12:00:00+09:00" as unknown as Date,
      endsAt: "2026-12-04T13:00:00+09:00" as unknown as Date,
    });
    expect(created.startsAt.toISOString()).toBe("2026-12-04T03:00:00.000Z");
  });

  it("never shows or lets another user touch someone's events", async () => {
    const minji = await signedIn("1001", "Minji Kim");
    const jisoo = await signedIn("1002", "Jisoo Park");
    const event = await minji.calendar.create(standup);

    expect(await jisoo.calendar.list(december)).toEqual([]);
    expect(await codeOf(jisoo.calendar.update({ ...standup, id: event.id, title: "mine now" }))).toBe("NOT_FOUND");
    expect(await codeOf(jisoo.calendar.delete({ id: event.id }))).toBe("NOT_FOUND");
    expect(await minji.calendar.list(december)).toEqual([event]);
  });

  it("requires a signed-in caller", async () => {
    expect(await codeOf(api.browser().caller().calendar.list(december))).toBe("UNAUTHORIZED");
  });

  it.each([
    ["an empty title", { ...standup, title: "   " }],
    ["a title over 200 characters", { ...standup, title: "x".repeat(201) }],
    ["an end before the start", { ...standup, endsAt: new Date("2026-12-03T08:00:00Z") }],
    ["a date that is not a date", { ...standup, startsAt: "next tuesday" }],
    ["a timestamp without offset", { ...standup, startsAt: "2026-12-03T09:00:00" }],
    ["null as a date", { ...standup, startsAt: null }],
    ["a missing field", { title: "x" }],
  ])("rejects %s with BAD_REQUEST and stores nothing", async (_name, input) => {
    const minji = await signedIn("1001", "Minji Kim");
    expect(await codeOf(minji.calendar.create(input as typeof standup))).toBe("BAD_REQUEST");
    expect(await api.db.calendarEvent.count()).toBe(0);
  });

  it("rejects inverted and over-long list ranges with BAD_REQUEST", async () => {
    const minji = await signedIn("1001", "Minji Kim");
    expect(await codeOf(minji.calendar.list({ from: december.to, to: december.from }))).toBe("BAD_REQUEST");
    expect(await codeOf(minji.calendar.list({ from: new Date("2026-01-01T00:00:00Z"), to: new Date("2026-12-31T00:00:00Z") }))).toBe(
      "BAD_REQUEST",
    );
  });
});
