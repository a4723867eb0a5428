// The list's sort and filters, and how many beliefs they leave showing.
import { useId } from 'react';
import { BELIEF_SORT_LABELS, BELIEF_SORTS, isBeliefSort, type BeliefOrder } from '../../shared/beliefOrder.ts';
import { POLARIZED_RULE } from '../../shared/statsText.ts';

interface ListOrderControlsProps {
  order: BeliefOrder;
  onChange(order: BeliefOrder): void;
  shownCount: number;
  totalCount: number;
  /** The order is held while I work in the rows; say so, or the list looks stuck. */
  waiting: boolean;
}

export function ListOrderControls({ order, onChange, shownCount, totalCount, waiting }: ListOrderControlsProps) {
  const sortId = useId();
  const polarizedHelpId = useId();
  return (
    <div className="list-order" role="group" aria-label="Sort and filter beliefs">
      <div className="list-order__row">
        <label htmlFor={sortId}>Sort</label>
        <select
          id={sortId}
          value={order.sort}
          onChange={(event) => {
            const sort = event.target.value;
            if (isBeliefSort(sort)) onChange({ ...order, sort });
          }}
        >
          {BELIEF_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {BELIEF_SORT_LABELS[sort]}
            </option>
          ))}
        </select>
      </div>
      <div className="list-order__row">
        <label className="list-order__check" title={POLARIZED_RULE}>
          <input
            type="checkbox"
            aria-describedby={polarizedHelpId}
            checked={order.polarizedOnly}
            onChange={(event) => onChange({ ...order, polarizedOnly: event.target.checked })}
          />
          Polarized only
        </label>
        <label className="list-order__check">
          <input
            type="checkbox"
            checked={order.unansweredOnly}
            onChange={(event) => onChange({ ...order, unansweredOnly: event.target.checked })}
          />
          I have not answered yet
        </label>
      </div>
      <details className="list-order__help">
        <summary>What "polarized" means</summary>
        <p id={polarizedHelpId}>{POLARIZED_RULE}</p>
      </details>
      <p className="muted list-order__count" aria-live="polite">
        Showing {shownCount} of {totalCount}
      </p>
      {waiting && <p className="muted list-order__waiting">The order catches up when you leave the list.</p>}
    </div>
  );
}
