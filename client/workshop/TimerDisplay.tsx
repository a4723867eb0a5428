// The shared timer in the top bar, for everyone: the remaining time counted down from the
// end time stored in the board, so every page shows the same second and a reload keeps
// it. At zero a soft chime and a brief flash. A screen reader hears only the moments
// that matter (a change by the facilitator, the last minute, time up), not every tick.
import { useEffect, useRef, useState } from 'react';
import { timerRemaining, type TimerState } from '../../shared/workshop.ts';
import { armChime, playChime } from './chime.ts';
import { describeRemaining, formatRemaining, msUntilNextTick } from './timerText.ts';
import { useWorkshop } from '../state/workshopStore.ts';
import { useEditor } from '../editor/EditorContext.tsx';

/** How long the display flashes at zero. */
const FLASH_MS = 3000;
/** Below this the display says so, in words and colour. */
const LAST_MINUTE_MS = 60_000;

export function TimerDisplay() {
  const { session } = useEditor();
  const { timer } = useWorkshop(session);
  return timer ? <RunningTimer timer={timer} /> : null;
}

function RunningTimer({ timer }: { timer: TimerState }) {
  const [now, setNow] = useState(Date.now);
  const [flashing, setFlashing] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const remaining = timerRemaining(timer, now);
  const running = timer.endsAt !== null;
  const previous = useRef(remaining);

  useEffect(armChime, []);

  // Tick on the second boundary of the remaining time, not every 1000 ms from mount.
  useEffect(() => {
    if (!running || remaining === 0) return;
    const tick = setTimeout(() => setNow(Date.now()), msUntilNextTick(remaining));
    return () => clearTimeout(tick);
  }, [running, remaining]);

  // A new timer object means the facilitator started, extended, paused or resumed it.
  useEffect(() => {
    const left = timerRemaining(timer, Date.now());
    setNow(Date.now());
    setAnnouncement(timer.endsAt === null ? `Timer paused, ${describeRemaining(left)}` : describeRemaining(left));
  }, [timer]);

  useEffect(() => {
    const before = previous.current;
    previous.current = remaining;
    // Only a countdown seen reaching zero chimes; a page opened after the end stays quiet.
    if (running && before > 0 && remaining === 0) {
      playChime();
      setFlashing(true);
      setAnnouncement(describeRemaining(0));
    } else if (before > LAST_MINUTE_MS && remaining <= LAST_MINUTE_MS && remaining > 0) {
      setAnnouncement(describeRemaining(remaining));
    }
  }, [remaining, running]);

  useEffect(() => {
    if (!flashing) return;
    const end = setTimeout(() => setFlashing(false), FLASH_MS);
    return () => clearTimeout(end);
  }, [flashing]);

  return (
    <div className="workshop-timer" data-state={remaining === 0 ? 'done' : remaining <= LAST_MINUTE_MS ? 'last-minute' : 'counting'} data-flash={flashing || undefined}>
      <span className="workshop-timer__label">{running ? 'Time left' : 'Paused'}</span>
      <span role="timer" aria-label="Workshop timer" className="workshop-timer__time">
        {formatRemaining(remaining)}
      </span>
      <span className="sr-only" aria-live="polite">
        {announcement}
      </span>
    </div>
  );
}
