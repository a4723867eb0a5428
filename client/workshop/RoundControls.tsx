// The facilitator's round controls: start a sealed round on every belief or on the
// selected ones, optionally revealing by itself when everyone here has answered or at a
// deadline, and reveal it. The relay checks the role and keeps the answers
// (docs/rounds.md); what it refuses is shown in its words above the board (RelayNotice).
import { useId, useState } from 'react';
import { useEditor } from '../editor/EditorContext.tsx';
import { useSelection } from '../editor/hooks.ts';
import { useBeliefIds } from '../state/hooks.ts';
import { useRoundHistory, useWorkshop } from '../state/workshopStore.ts';
import { describeForecast, movementForecast } from './movement.ts';

export function RoundControls() {
  const { session } = useEditor();
  const { round } = useWorkshop(session);
  const selection = useSelection();
  const history = useRoundHistory(session);
  const ids = useBeliefIds(session);
  const [autoReveal, setAutoReveal] = useState(false);
  const [deadline, setDeadline] = useState('');
  const formId = useId();
  const open = round?.status === 'open';

  const start = (beliefIds: string[] | null) => {
    // datetime-local is the facilitator's local time; Date reads it as such.
    const at = deadline ? new Date(deadline).getTime() : null;
    session.workshop.startRound({ beliefIds, deadline: at !== null && Number.isFinite(at) ? at : null, autoReveal });
  };

  if (open) {
    // Told before revealing, so nobody waits for arrows that cannot come.
    const forecast = movementForecast(round, ids, history[history.length - 1] ?? null);
    return (
      <div>
        <div className="facilitator__row">
          <span>
            Round {round.number} is open{round.deadline !== null ? `, reveals at ${new Date(round.deadline).toLocaleString()}` : ''}.
          </span>
          <button type="button" className="button button--primary" onClick={() => session.workshop.revealRound()}>
            Reveal round {round.number}
          </button>
        </div>
        <p className="muted" data-movement-forecast={forecast.ready}>
          {describeForecast(forecast, round.number)}
        </p>
      </div>
    );
  }
  return (
    <div>
      <div className="facilitator__row">
        <label htmlFor={`${formId}-auto`}>
          <input id={`${formId}-auto`} type="checkbox" checked={autoReveal} onChange={(event) => setAutoReveal(event.target.checked)} />
          Reveal when everyone here has answered
        </label>
        <label htmlFor={`${formId}-deadline`}>
          Deadline (optional){' '}
          <input id={`${formId}-deadline`} type="datetime-local" value={deadline} onChange={(event) => setDeadline(event.target.value)} />
        </label>
      </div>
      <div className="facilitator__row">
        <button type="button" className="button button--primary" onClick={() => start(null)}>
          Start round {(round?.number ?? 0) + 1} on all beliefs
        </button>
        <button type="button" className="button" disabled={selection.length === 0} onClick={() => start(selection)}>
          Start on {selection.length} selected
        </button>
      </div>
    </div>
  );
}
