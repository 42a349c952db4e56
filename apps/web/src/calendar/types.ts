import type { RouterOutputs } from "@tropical/api";

export type CalendarEvent = RouterOutputs["calendar"]["list"][number];
