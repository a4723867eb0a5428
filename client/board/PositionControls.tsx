// My position on one belief, in the list: native radio groups for agreement and direction
// (arrow keys move and choose, as in any radio group) and a button to clear it. It shows
// what the document holds, so a choice made on the canvas or in another tab appears here;
// while the belief is in an open round, it shows and changes my sealed position instead.
// Each choice is drawn as a chip (styles.css), so a row stays a few lines tall and, on a
// phone, each is a target big enough for a thumb.
import { useId } from 'react';
import { AGREEMENT_LABELS, DIRECTION_LABELS, formatScalePoint, PASS_LABEL } from '../../shared/scale.ts';
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
          <label key={value} className="scale-group__choice" title={label} data-point={value === 'pass' ? undefined : formatScalePoint(value)}>
            <input
              type="radio"
              name={`${groupId}-agreement`}
              value={value}
              checked={mine?.agreement === value}
              // Keep my direction: changing how far I agree does not change whether it is good for us.
              onChange={() => record({ agreement: value, direction: mine?.direction ?? null })}
            />
            <ChoiceWord word={label} figure={value !== 'pass'} />
          </label>
        ))}
      </fieldset>
      {/* A direction belongs to a position, so it waits for an agreement (or a pass). Its
          line is there from the start, so answering never moves the rows below. */}
      <fieldset className="scale-group" disabled={!mine} aria-describedby={mine ? undefined : directionHintId}>
        <legend>Direction</legend>
        {SCALE.map((point) => (
          <label key={point} className="scale-group__choice" title={DIRECTION_LABELS[point]} data-point={formatScalePoint(point)}>
            <input
              type="radio"
              name={`${groupId}-direction`}
              value={point}
              checked={mine?.direction === point}
              onChange={() => mine && record({ agreement: mine.agreement, direction: point })}
            />
            <ChoiceWord word={DIRECTION_LABELS[point]} figure />
          </label>
        ))}
        <button
          type="button"
          className="button button--quiet scale-group__clear"
          aria-label="Clear my position"
          title="Clear my position"
          onClick={() => session.workshop.clearMyPosition(id)}
        >
          Clear
        </button>
        {!mine && (
          <p id={directionHintId} className="sr-only">
            Give your agreement first; a direction is optional.
          </p>
        )}
      </fieldset>
    </div>
  );
}

/**
 * A choice's word. Its figure (−2 … +2) is drawn by CSS from the label's data-point, as
 * generated content with empty alternative text: beside the canvas only the figure shows
 * and the word is the choice's name and (on its label) tooltip, so a row's choices fit one line; on a
 * phone both show (styles.css). The name, and the label's text, stay the word alone.
 */
function ChoiceWord({ word, figure }: { word: string; figure: boolean }) {
  return <span className={figure ? 'scale-group__word' : undefined}>{word}</span>;
}
