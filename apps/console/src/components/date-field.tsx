import * as Popover from '@radix-ui/react-popover';
import { useId, useState } from 'react';
import { DayPicker } from 'react-day-picker';
import { type Day, dayStart, toDay } from './dates';
import { ErrorText } from './form';
import { CalendarIcon } from './icons';

/**
 * A day typed as YYYY-MM-DD or chosen on react-day-picker's calendar in a
 * popover; '' is no day. The text stays as typed until it is a real day.
 */
export function DateField(props: { label: string; value: Day; onChange: (day: Day) => void; error?: string | undefined; hint?: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const selected = props.value ? (dayStart(props.value) ?? undefined) : undefined;
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <div className="date-input">
        <input
          id={id}
          type="text"
          inputMode="numeric"
          placeholder="YYYY-MM-DD"
          value={props.value}
          onChange={(event) => props.onChange(event.target.value.trim())}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={described}
        />
        <Popover.Root open={open} onOpenChange={setOpen}>
          <Popover.Trigger asChild>
            <button type="button" aria-label={`Choose ${props.label.toLowerCase()} on a calendar`}>
              <CalendarIcon />
            </button>
          </Popover.Trigger>
          <Popover.Portal>
            <Popover.Content className="popover calendar" sideOffset={4} aria-label={`${props.label} calendar`}>
              <DayPicker
                mode="single"
                selected={selected}
                defaultMonth={selected}
                onSelect={(date) => {
                  props.onChange(date ? toDay(date) : '');
                  setOpen(false);
                }}
              />
            </Popover.Content>
          </Popover.Portal>
        </Popover.Root>
        {props.value && (
          <button type="button" onClick={() => props.onChange('')} aria-label={`Clear ${props.label.toLowerCase()}`}>
            Clear
          </button>
        )}
      </div>
      {props.hint && (
        <p id={`${id}-hint`} className="hint">
          {props.hint}
        </p>
      )}
      <ErrorText id={`${id}-error`}>{props.error}</ErrorText>
    </div>
  );
}

/** A range of days, both ends included, either end open. */
export function DateRangeField(props: {
  legend: string;
  value: { from: Day; to: Day };
  onChange: (value: { from: Day; to: Day }) => void;
}) {
  return (
    <fieldset className="range">
      <legend>{props.legend}</legend>
      <DateField label={`${props.legend} from`} value={props.value.from} onChange={(from) => props.onChange({ ...props.value, from })} />
      <DateField label={`${props.legend} to`} value={props.value.to} onChange={(to) => props.onChange({ ...props.value, to })} />
    </fieldset>
  );
}
