// A labelled whole-number field that edits the scenario: what is typed stays as typed until it is
// valid, then it is committed after a short pause (typing "12" passes through "1"), on Enter or on
// leaving the field. Invalid text is kept, marked and explained next to the field, never sent.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { parseWhole, rangeMessage } from '../../state/wholeNumber';

/** Wall ms to wait after the last keystroke before committing. */
export const COMMIT_DELAY_MS = 450;

export interface NumberFieldProps {
  label: ReactNode;
  /** Accessible name when the visible label is not enough (e.g. inside a table row). */
  ariaLabel?: string;
  value: number;
  min: number;
  max: number;
  onCommit(value: number): void;
  /** Short error text; defaults to "Enter a whole number from min to max". */
  errorText?: string;
  className?: string;
  /** Extra id(s) describing the field (a note next to it). */
  describedBy?: string;
  hideLabel?: boolean;
}

export function NumberField({
  label,
  ariaLabel,
  value,
  min,
  max,
  onCommit,
  errorText,
  className,
  describedBy,
  hideLabel,
}: NumberFieldProps) {
  const id = useId();
  const errorId = useId();
  // The text being typed, remembered against the value it was typed over; a new value replaces it.
  const [draft, setDraft] = useState<{ text: string; base: number } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  const text = draft !== null && draft.base === value ? draft.text : String(value);
  const parsed = parseWhole(text, min, max);
  const invalid = parsed === null;
  const message = errorText ?? rangeMessage(min, max);

  const commit = (raw: string) => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    const n = parseWhole(raw, min, max);
    if (n === null) return; // what was typed stays, with its message
    // Committed: from now on the field shows the value it is given (an undo, a loaded scenario).
    setDraft(null);
    if (n !== value) onCommit(n);
  };

  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={text}
        aria-label={ariaLabel}
        aria-invalid={invalid}
        aria-describedby={[invalid ? errorId : '', describedBy ?? ''].join(' ').trim() || undefined}
        onChange={(e) => {
          const raw = e.target.value;
          setDraft({ text: raw, base: value });
          if (timer.current !== null) clearTimeout(timer.current);
          timer.current = setTimeout(() => commit(raw), COMMIT_DELAY_MS);
        }}
        onBlur={(e) => commit(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(e.currentTarget.value);
        }}
      />
      {invalid && (
        <span id={errorId} className="field-error">
          {message}
        </span>
      )}
    </div>
  );
}
