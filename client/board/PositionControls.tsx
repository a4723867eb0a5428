// My position on one belief, in the list: native radio groups for agreement and direction
// (arrow keys move and choose, as in any radio group) and a button to clear it. It shows
// what the document holds, so a choice made on the canvas or in another tab appears here;
// while the belief is in an open round, it shows and changes my sealed position instead.
import { useId } from 'react';
import { AGREEMENT_LABELS, DIRECTION_LABELS, PASS_LABEL } from '../../shared/scale.ts';
import { SCALE, type PositionRecord, type ScalePoint } from '../../shared/schema.ts';
import { useMyPosition } from '../state/hooks.ts';
import { usePreviousAnswer } from '../state/roundHooks.ts';
import { describePreviousAnswer } from '../state/previousAnswers.ts';
import { useEditor } from '../editor/EditorContext.tsx';

const AGREEMENT_CHOICES: readonly { value: ScalePoint | 'pass'; label: string }[] = [
  ...SCALE.map((point) => ({ value: point, label: AGREEMENT_LABELS[point] })),
  { value: 'pass', label: PASS_LABEL },
];

export function PositionControls({ id }: { id: string }) {
  const { session } = useEditor();
  const mine = useMyPosition(session, id);
  const previous = usePreviousAnswer(session, id);
  const groupId = useId();
  const directionHintId = `${groupId}-direction-hint`;

  const record = (next: Pick<PositionRecord, 'agreement' | 'direction'>) =>
    session.workshop.recordPosition(id, next);

  return (
    <div className="position-controls">
      {/* A round starts with nothing sealed: what I said before, so I can keep it or change it. */}
      {previous && (
        <p className="muted position-controls__previous" data-previous-answer>
          {describePreviousAnswer(previous)}
          {mine && (mine.agreement !== previous.agreement || mine.direction !== previous.direction) ? ' (changed this round)' : ''}
        </p>
      )}
      <fieldset className="scale-group">
        <legend>Your agreement</legend>
        {AGREEMENT_CHOICES.map(({ value, label }) => (
          <label key={value} className="scale-group__choice">
            <input
              type="radio"
              name={`${groupId}-agreement`}
              value={value}
              checked={mine?.agreement === value}
              // Keep my direction: changing how far I agree does not change whether it is good for us.
              onChange={() => record({ agreement: value, direction: mine?.direction ?? null })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {/* A direction belongs to a position, so it waits for an agreement (or a pass). */}
      <fieldset className="scale-group" disabled={!mine} aria-describedby={mine ? undefined : directionHintId}>
        <legend>Direction</legend>
        {SCALE.map((point) => (
          <label key={point} className="scale-group__choice">
            <input
              type="radio"
              name={`${groupId}-direction`}
              value={point}
              checked={mine?.direction === point}
              onChange={() => mine && record({ agreement: mine.agreement, direction: point })}
            />
            {DIRECTION_LABELS[point]}
          </label>
        ))}
        {!mine && (
          <p id={directionHintId} className="muted scale-group__hint">
            Give your agreement first.
          </p>
        )}
      </fieldset>
      <button
        type="button"
        className="button button--quiet"
        disabled={!mine}
        onClick={() => session.workshop.clearMyPosition(id)}
      >
        Clear my position
      </button>
    </div>
  );
}
