import { z } from "zod";

/**
 * Input building blocks shared by the routers. They reject what the database cannot store
 * faithfully, so bad input is a 400 with a field message, never a 500 from below.
 */

// With the `u` flag a paired surrogate is one code point, so this matches only lone halves,
// which are not valid Unicode and which the database driver refuses.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Text of at most `max` characters, trimmed, valid Unicode. */
export function text(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .refine((value) => !LONE_SURROGATE.test(value), "Contains an invalid character");
}

const EARLIEST = new Date("1900-01-01T00:00:00Z");
const LATEST = new Date("9999-12-31T23:59:59Z");

/**
 * A Date, or an ISO-8601 timestamp with its offset, between the years 1900 and 9999; nothing
 * else is coerced into a date (no numbers, no "next tuesday").
 */
export const instant = z
  .union([z.date(), z.iso.datetime({ offset: true }).transform((value) => new Date(value))])
  .pipe(z.date().min(EARLIEST, "Too far in the past").max(LATEST, "Too far in the future"));

/** A record id as we issue them (cuid): short and plain. */
export const recordId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Not a valid id");
