import { useMemo, useRef, useState } from "react";
import { useAuth } from "../auth/auth-context.ts";
import { addMonths, gridRange, monthLabel, startOfMonth, toDateInputValue } from "../calendar/month.ts";
import type { CalendarEvent } from "../calendar/types.ts";
import { AppHeader } from "../components/AppHeader.tsx";
import { EventForm } from "../components/EventForm.tsx";
import { MonthView } from "../components/MonthView.tsx";
import { describeFailure } from "../trpc/errors.ts";
import { trpc } from "../trpc/react.tsx";
import { LoadError } from "../components/LoadError.tsx";

export function CalendarPage() {
  const { state } = useAuth();
  const [today] = useState(() => new Date());
  const [month, setMonth] = useState(() => startOfMonth(today));
  const [formDate, setFormDate] = useState(() => toDateInputValue(today));
  const titleRef = useRef<HTMLInputElement>(null);

  const range = useMemo(() => gridRange(month), [month]);
  const list = trpc.calendar.list.useQuery(range, { placeholderData: (previous) => previous });

  const utils = trpc.useUtils();
  const remove = trpc.calendar.delete.useMutation({
    onSettled: () => utils.calendar.list.invalidate(),
  });

  // The guard only renders this page when signed in; the check narrows the type.
  if (state.status !== "signed-in") return null;

  function pickDay(day: Date) {
    setFormDate(toDateInputValue(day));
    titleRef.current?.focus();
  }

  function showCreated(event: CalendarEvent) {
    setMonth(startOfMonth(event.startsAt));
  }

  function handleDelete(event: CalendarEvent) {
    remove.mutate({ id: event.id });
  }

  const deleteTarget = remove.variables?.id;
  const deleteTitle = list.data?.find((event) => event.id === deleteTarget)?.title;

  return (
    <div className="app" data-testid="calendar-page">
      <AppHeader user={state.user} />
      <main className="calendar-layout">
        <section className="calendar card" aria-labelledby="month-label">
          <div className="calendar-toolbar">
            <h1 id="month-label" data-testid="month-label" aria-live="polite">
              {monthLabel.format(month)}
            </h1>
            <div className="month-nav">
              <button type="button" className="button" aria-label="Previous month" onClick={() => setMonth(addMonths(month, -1))}>
                ‹
              </button>
              <button type="button" className="button" onClick={() => setMonth(startOfMonth(today))}>
                Today
              </button>
              <button type="button" className="button" aria-label="Next month" onClick={() => setMonth(addMonths(month, 1))}>
                ›
              </button>
            </div>
          </div>
          {list.error && (
            <LoadError what="your events" error={list.error} onRetry={() => void list.refetch()} testId="calendar-error" />
          )}
          {remove.error && (
            <p className="notice warning" role="alert" data-testid="delete-error">
              Couldn't delete {deleteTitle ? `“${deleteTitle}”` : "the event"}. {describeFailure(remove.error)}
            </p>
          )}
          {list.isPending && (
            <p className="muted" role="status">
              Loading events…
            </p>
          )}
          <MonthView
            month={month}
            today={today}
            events={list.data ?? []}
            deletingId={remove.isPending ? deleteTarget : undefined}
            onDelete={handleDelete}
            onPickDay={pickDay}
          />
        </section>
        <EventForm date={formDate} onDateChange={setFormDate} onCreated={showCreated} titleRef={titleRef} />
      </main>
    </div>
  );
}
