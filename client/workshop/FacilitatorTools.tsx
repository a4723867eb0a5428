// The facilitator's tools, opened from the toolbar's "Facilitate" button: the shared timer,
// the lock, private writing, "bring everyone to me", presenting and the rounds. A non-modal
// panel: it opens with focus on its first field; Escape closes it back onto its button
// (FacilitatorPanel.tsx).
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ANONYMITY_LEVELS } from '../../shared/anonymity.ts';
import { startTimer } from '../../shared/workshop.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useAnonymity, useWorkshop } from '../state/workshopStore.ts';
import { ActionButton } from '../ui/ActionButton.tsx';
import { PeopleControls } from './PeopleControls.tsx';
import { RoundControls } from './RoundControls.tsx';

const DEFAULT_MINUTES = 5;
const MAX_MINUTES = 180;
const MS_PER_MINUTE = 60_000;

export function FacilitatorTools({ id }: { id: string; /** Offered by the loading placeholder when the tools cannot be fetched. */ onClose(): void }) {
  const { session } = useEditor();
  const workshop = useWorkshop(session);
  const anonymity = useAnonymity(session);
  const [minutes, setMinutes] = useState(DEFAULT_MINUTES);
  const minutesRef = useRef<HTMLInputElement>(null);
  const headingId = useId();

  useEffect(() => minutesRef.current?.focus(), []);

  const start = (event: FormEvent) => {
    event.preventDefault();
    startTimer(session.doc, minutes * MS_PER_MINUTE, Date.now(), session.origin);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // The toolbar around the panel moves between its buttons with the arrows; not in here.
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') event.stopPropagation();
  };

  return (
    <div id={id} role="dialog" aria-labelledby={headingId} className="facilitator__panel card" onKeyDown={onKeyDown}>
      <h2 id={headingId} className="facilitator__heading">
        Facilitator tools
      </h2>
      <section aria-label="Timer" className="facilitator__section">
        <form className="facilitator__row" onSubmit={start}>
          <label>
            Minutes{' '}
            <input
              ref={minutesRef}
              type="number"
              min={1}
              max={MAX_MINUTES}
              value={minutes}
              onChange={(event) => setMinutes(Math.min(MAX_MINUTES, Math.max(1, Math.round(Number(event.target.value) || 1))))}
            />
          </label>
          <button type="submit" className="button button--primary">
            Start timer
          </button>
        </form>
        <div className="facilitator__row">
          <ActionButton action="timer-add-minute" />
          {workshop.timer?.endsAt === null ? <ActionButton action="timer-resume" /> : <ActionButton action="timer-pause" />}
          <ActionButton action="timer-reset" />
        </div>
      </section>
      <section aria-label="The room" className="facilitator__section facilitator__row">
        <ActionButton action="lock-board" className="button toggle" pressed={workshop.locked} />
        <ActionButton action="private-writing" className="button toggle" pressed={workshop.privateWriting} />
        <ActionButton action="summon-everyone" />
        <ActionButton action="present" className="button toggle" pressed={workshop.presenting?.participantId === session.me.id} />
      </section>
      <section aria-label="Anonymity" className="facilitator__section">
        <div role="group" aria-label="Who sees whose answers" className="facilitator__row">
          {ANONYMITY_LEVELS.map((level) => (
            <ActionButton key={level} action={`anonymity-${level}`} className="button toggle" pressed={anonymity.level === level} />
          ))}
        </div>
        <div className="facilitator__row">
          <span>
            Shown from <strong data-min-answers={anonymity.minAnswers}>{anonymity.minAnswers}</strong> answers
          </span>
          <ActionButton action="min-answers-fewer">−</ActionButton>
          <ActionButton action="min-answers-more">+</ActionButton>
        </div>
        <p className="facilitator__hint">Choose before people answer: answers given under names stay in the board&apos;s history.</p>
      </section>
      <section aria-label="Rounds" className="facilitator__section">
        <RoundControls />
      </section>
      <section aria-label="Who answers" className="facilitator__section">
        <PeopleControls />
      </section>
    </div>
  );
}
