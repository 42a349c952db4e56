// The lead's per-file database helper (a copy of the template migrated once per run by the
// `http` project's globalSetup). Re-exported here so server tests have one import to change.
export { createTempDb } from "../../../../scripts/test/temp-db.ts";
