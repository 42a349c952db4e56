import { describe, expect, it, vi } from "vitest";
import { singleFlight } from "./single-flight.ts";
import { deferred } from "./test-support.ts";

describe("singleFlight", () => {
  it("callers arriving while the task runs share that one run", async () => {
    const gate = deferred<string>();
    const task = vi.fn(() => gate.promise);
    const run = singleFlight(task);

    const calls = [run(), run(), run()];
    gate.resolve("done");

    await expect(Promise.all(calls)).resolves.toEqual(["done", "done", "done"]);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it("forgets the run once it settles, so the next caller starts a new one", async () => {
    const task = vi.fn(() => Promise.resolve(task.mock.calls.length));
    const run = singleFlight(task);

    await expect(run()).resolves.toBe(1);
    await expect(run()).resolves.toBe(2);
  });

  it("shares a rejection, then starts fresh after it", async () => {
    const task = vi.fn((): Promise<string> => {
      if (task.mock.calls.length === 1) return Promise.reject(new Error("down"));
      return Promise.resolve("up");
    });
    const run = singleFlight(task);

    const [a, b] = await Promise.allSettled([run(), run()]);
    expect(a).toEqual({ status: "rejected", reason: new Error("down") });
    expect(b).toEqual(a);
    await expect(run()).resolves.toBe("up");
    expect(task).toHaveBeenCalledTimes(2);
  });

  it("turns a synchronous throw into a rejection", async () => {
    const run = singleFlight((): Promise<void> => {
      throw new Error("boom");
    });

    await expect(run()).rejects.toThrow("boom");
  });
});
