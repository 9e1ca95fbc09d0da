import { useId, useState } from 'react';
import { CONDITION_OPS, type Condition, type ConditionOp } from './filters';

const OP_LABEL: Record<ConditionOp, string> = { eq: 'equals', gt: 'more than', gte: 'at least', lt: 'less than', lte: 'at most' };

/** The seed's "condition and number": an operator and a count; an empty count is no filter. */
export function ConditionField(props: { legend: string; value: Condition | null; onChange: (value: Condition | null) => void }) {
  const id = useId();
  const [op, setOp] = useState<ConditionOp>(props.value?.op ?? 'eq');
  return (
    <fieldset className="condition">
      <legend>{props.legend}</legend>
      <label htmlFor={`${id}-op`} className="visually-hidden">
        {props.legend} condition
      </label>
      <select
        id={`${id}-op`}
        value={op}
        onChange={(e) => {
          const next = e.target.value as ConditionOp;
          setOp(next);
          if (props.value) props.onChange({ op: next, value: props.value.value });
        }}
      >
        {CONDITION_OPS.map((o) => (
          <option key={o} value={o}>
            {OP_LABEL[o]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-value`} className="visually-hidden">
        {props.legend} count
      </label>
      <input
        id={`${id}-value`}
        type="number"
        min={0}
        step={1}
        inputMode="numeric"
        value={props.value?.value ?? ''}
        onChange={(e) => {
          const text = e.target.value;
          props.onChange(/^\d{1,9}$/.test(text) ? { op, value: Number(text) } : null);
        }}
      />
    </fieldset>
  );
}
