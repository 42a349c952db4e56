import { fullDateLabel, isSameDay, monthGrid, timeLabel, toDateInputValue, weekdayLabel } from "../calendar/month.ts";
import type { CalendarEvent } from "../calendar/types.ts";

export interface MonthViewProps {
  month: Date;
  today: Date;
  events: CalendarEvent[];
  /** Id of the event being deleted, to disable its button. */
  deletingId: string | undefined;
  onDelete: (event: CalendarEvent) => void;
  onPickDay: (day: Date) => void;
}

/** Events listed on the day they start. */
function eventsByDay(events: CalendarEvent[]): Map<string, CalendarEvent[]> {
  const byDay = new Map<string, CalendarEvent[]>();
  for (const event of events) {
    const key = toDateInputValue(event.startsAt);
    byDay.set(key, [...(byDay.get(key) ?? []), event]);
  }
  return byDay;
}

export function MonthView({ month, today, events, deletingId, onDelete, onPickDay }: MonthViewProps) {
  const days = monthGrid(month);
  const byDay = eventsByDay(events);
  const firstWeek = days.slice(0, 7);

  return (
    <div className="month">
      <div className="weekdays" aria-hidden="true">
        {firstWeek.map((day) => (
          <span key={day.getDay()}>{weekdayLabel.format(day)}</span>
        ))}
      </div>
      <ol className="month-grid" aria-label="Days">
        {days.map((day) => {
          const key = toDateInputValue(day);
          const isToday = isSameDay(day, today);
          const inMonth = day.getMonth() === month.getMonth();
          const dayEvents = byDay.get(key) ?? [];
          const classes = ["day", inMonth ? "" : "outside", isToday ? "today" : ""].filter(Boolean).join(" ");
          return (
            <li key={key} className={classes} data-date={key} aria-current={isToday ? "date" : undefined}>
              <button
                type="button"
                className="day-number"
                onClick={() => onPickDay(day)}
                aria-label={`Add an event on ${fullDateLabel.format(day)}${isToday ? " (today)" : ""}`}
              >
                <time dateTime={key}>{day.getDate()}</time>
              </button>
              {dayEvents.length > 0 && (
                <ul className="events">
                  {dayEvents.map((event) => (
                    <li key={event.id} className="event" data-testid="event">
                      <span className="event-time">
                        {timeLabel.format(event.startsAt)}–{timeLabel.format(event.endsAt)}
                      </span>{" "}
                      <span className="event-title">{event.title}</span>
                      {event.note && <span className="event-note">{event.note}</span>}
                      <button
                        type="button"
                        className="delete"
                        aria-label={`Delete ${event.title}`}
                        title={`Delete ${event.title}`}
                        disabled={deletingId === event.id}
                        onClick={() => onDelete(event)}
                      >
                        ×
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
