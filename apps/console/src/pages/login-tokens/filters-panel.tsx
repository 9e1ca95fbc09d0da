import * as Popover from '@radix-ui/react-popover';
import { useState } from 'react';
import { DateRangeField } from '../../components/date-field';
import { UserPicker } from '../../components/user-picker';
import { ConditionField } from './condition-field';
import { countFilters, type LoginTokenFilters, NO_FILTERS } from './filters';

/** The seed's Filters panel: edits a copy, and Apply puts it in the URL. */
export function FiltersPanel({ filters, onApply }: { filters: LoginTokenFilters; onApply: (filters: LoginTokenFilters) => void }) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(filters);
  const [idsText, setIdsText] = useState(filters.ids.join('\n'));
  const set = <K extends keyof LoginTokenFilters>(key: K, value: LoginTokenFilters[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const active = countFilters(filters);
  const openChange = (next: boolean) => {
    if (next) {
      setDraft(filters);
      setIdsText(filters.ids.join('\n'));
    }
    setOpen(next);
  };
  const apply = (next: LoginTokenFilters) => {
    onApply(next);
    setOpen(false);
  };
  return (
    <Popover.Root open={open} onOpenChange={openChange}>
      <Popover.Trigger asChild>
        <button type="button">Filters{active ? ` (${active})` : ''}</button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover filters" align="start" sideOffset={4} aria-label="Filters">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              apply({ ...draft, ids: idsText.split(/[\s,]+/).filter(Boolean) });
            }}
          >
            <h2>Filters</h2>
            <div className="field">
              <label htmlFor="filter-ids">Ids</label>
              <textarea
                id="filter-ids"
                rows={2}
                value={idsText}
                onChange={(e) => setIdsText(e.target.value)}
                aria-describedby="filter-ids-hint"
              />
              <p id="filter-ids-hint" className="hint">
                One token id a line (or separated by commas).
              </p>
            </div>
            <UserPicker label="Contact or Customer" value={draft.user} onChange={(user) => set('user', user)} />
            <DateRangeField legend="Expires At" value={draft.expiresAt} onChange={(v) => set('expiresAt', v)} />
            <DateRangeField legend="Date Created" value={draft.createdAt} onChange={(v) => set('createdAt', v)} />
            <DateRangeField legend="Date Updated" value={draft.updatedAt} onChange={(v) => set('updatedAt', v)} />
            <ConditionField legend="Successful Attempt" value={draft.successfulAttempts} onChange={(v) => set('successfulAttempts', v)} />
            <ConditionField legend="Failed Attempt" value={draft.failedAttempts} onChange={(v) => set('failedAttempts', v)} />
            <fieldset className="radios">
              <legend>One time use</legend>
              {(['any', 'yes', 'no'] as const).map((choice) => (
                <label key={choice} className="check">
                  <input
                    type="radio"
                    name="oneTimeUse"
                    value={choice}
                    checked={draft.oneTimeUse === choice}
                    onChange={() => set('oneTimeUse', choice)}
                  />
                  {choice === 'any' ? 'Any' : choice === 'yes' ? 'Yes' : 'No'}
                </label>
              ))}
            </fieldset>
            <div className="actions">
              <button type="button" onClick={() => apply(NO_FILTERS)}>
                Clear all
              </button>
              <button type="submit" className="primary">
                Apply
              </button>
            </div>
          </form>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
