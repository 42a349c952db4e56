import { useId, useState, type FormEvent, type RefObject } from "react";
import { fromDateAndTime } from "../calendar/month.ts";
import type { CalendarEvent } from "../calendar/types.ts";
import { describeFailure, getValidationErrors } from "../trpc/errors.ts";
import { trpc } from "../trpc/react.tsx";

export interface EventFormProps {
  date: string;
  onDateChange: (date: string) => void;
  onCreated: (event: CalendarEvent) => void;
  titleRef: RefObject<HTMLInputElement | null>;
}

/** Field messages shown under an input, wired with aria-describedby. */
function FieldError({ id, messages }: { id: string; messages: string[] | undefined }) {
  if (!messages?.length) return null;
  return (
    <span id={id} className="field-error">
      {messages.join(" ")}
    </span>
  );
}

interface TimeFieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  errorId: string;
  messages: string[] | undefined;
}

/** A labelled time input with its server-side validation messages. */
function TimeField({ label, name, value, onChange, errorId, messages }: TimeFieldProps) {
  const invalid = Boolean(messages?.length);
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="time"
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
        aria-invalid={invalid ? true : undefined}
        aria-describedby={invalid ? errorId : undefined}
      />
      <FieldError id={errorId} messages={messages} />
    </label>
  );
}

export function EventForm({ date, onDateChange, onCreated, titleRef }: EventFormProps) {
  const id = useId();
  const [title, setTitle] = useState("");
  const [start, setStart] = useState("09:00");
  const [end, setEnd] = useState("10:00");
  const [note, setNote] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);

  const utils = trpc.useUtils();
  const create = trpc.calendar.create.useMutation({
    onSuccess: async (event) => {
      setTitle("");
      setNote("");
      onCreated(event);
      await utils.calendar.list.invalidate();
    },
  });

  const validation = getValidationErrors(create.error);
  const fieldErrors = validation?.fieldErrors ?? {};
  const formMessages = validation
    ? validation.formErrors
    : create.error
      ? [`Couldn't add the event. ${describeFailure(create.error)}`]
      : [];
  if (localError) formMessages.unshift(localError);

  function handleSubmit(formEvent: FormEvent<HTMLFormElement>) {
    formEvent.preventDefault();
    const startsAt = fromDateAndTime(date, start);
    const endsAt = fromDateAndTime(date, end);
    if (!startsAt || !endsAt) {
      setLocalError("Please enter a date, a start time and an end time.");
      return;
    }
    setLocalError(null);
    // The server validates everything else (title, end after start) and says which field is wrong.
    create.mutate({ title, startsAt, endsAt, note: note.trim() === "" ? null : note });
  }

  const errorId = (field: string) => `${id}-${field}-error`;
  const describedBy = (field: string) => (fieldErrors[field]?.length ? errorId(field) : undefined);

  return (
    <form className="event-form card" aria-labelledby={`${id}-heading`} onSubmit={handleSubmit} noValidate>
      <h2 id={`${id}-heading`}>Add an event</h2>
      {formMessages.length > 0 && (
        <p className="notice warning" role="alert" data-testid="event-form-error">
          {formMessages.join(" ")}
        </p>
      )}
      <label className="field">
        <span>Title</span>
        <input
          ref={titleRef}
          name="title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={200}
          aria-invalid={fieldErrors["title"]?.length ? true : undefined}
          aria-describedby={describedBy("title")}
        />
        <FieldError id={errorId("title")} messages={fieldErrors["title"]} />
      </label>
      <label className="field">
        <span>Date</span>
        <input type="date" name="date" value={date} onChange={(e) => onDateChange(e.target.value)} required />
      </label>
      <div className="field-row">
        <TimeField label="Start time" name="start" value={start} onChange={setStart} errorId={errorId("startsAt")} messages={fieldErrors["startsAt"]} />
        <TimeField label="End time" name="end" value={end} onChange={setEnd} errorId={errorId("endsAt")} messages={fieldErrors["endsAt"]} />
      </div>
      <label className="field">
        <span>Note (optional)</span>
        <textarea
          name="note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          rows={2}
          maxLength={2000}
          aria-invalid={fieldErrors["note"]?.length ? true : undefined}
          aria-describedby={describedBy("note")}
        />
        <FieldError id={errorId("note")} messages={fieldErrors["note"]} />
      </label>
      <button type="submit" className="button primary" disabled={create.isPending}>
        {create.isPending ? "Adding…" : "Add event"}
      </button>
    </form>
  );
}
