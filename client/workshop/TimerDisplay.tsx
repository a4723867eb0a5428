// The shared timer in the top bar, for everyone: the remaining time counted down from the
// end time stored in the board, so every page shows the same second and a reload keeps
// it. At zero a soft chime and a brief flash, then "Time is up" for a minute, and then
// nothing — also on a page opened later (timerText.ts, timerPhase). A screen reader hears
// only the moments that matter (a change by the facilitator, the last minute, time up),
// never two within ten seconds, each in the words of what the display shows then.
import { useEffect, useRef, useState } from 'react';
import { timerRemaining, type TimerState } from '../../shared/workshop.ts';
import { armChime, playChime } from './chime.ts';
import { announcementDelay, announcementOf, formatRemaining, msUntilNextChange, timerPhase, type TimerPhase } from './timerText.ts';
import { useWorkshop } from '../state/workshopStore.ts';
import { useEditor } from '../editor/EditorContext.tsx';

/** How long the display flashes at zero. */
const FLASH_MS = 3000;

const LABELS: Record<Exclude<TimerPhase, 'gone'>, string> = {
  counting: 'Time left',
  'last-minute': 'Time left',
  paused: 'Paused',
  up: 'Time is up',
};

export function TimerDisplay() {
  const { session } = useEditor();
  const { timer } = useWorkshop(session);
  return timer ? <RunningTimer timer={timer} /> : null;
}

function RunningTimer({ timer }: { timer: TimerState }) {
  const [now, setNow] = useState(Date.now);
  const [flashing, setFlashing] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  // Announcements asked for and not yet made (each bumps it), and when the last was made.
  const [asked, setAsked] = useState(0);
  const lastAnnouncedAt = useRef<number | null>(null);
  const remaining = timerRemaining(timer, now);
  const phase = timerPhase(timer, now);
  const previous = useRef({ remaining, phase });

  useEffect(armChime, []);

  // Re-render exactly when the shown second or the phase changes.
  useEffect(() => {
    const wait = msUntilNextChange(timer, now);
    if (wait === null) return;
    const tick = setTimeout(() => setNow(Date.now()), wait);
    return () => clearTimeout(tick);
  }, [timer, now]);

  // A new timer object means the facilitator started, extended, paused or resumed it. What
  // the live region said of the old one goes at once: it may no longer be true.
  useEffect(() => {
    setNow(Date.now());
    setAnnouncement('');
    setAsked((count) => count + 1);
  }, [timer]);

  useEffect(() => {
    const before = previous.current;
    previous.current = { remaining, phase };
    // Only a countdown seen reaching zero chimes; a page opened after the end stays quiet.
    if (timer.endsAt !== null && before.remaining > 0 && remaining === 0) {
      playChime();
      setFlashing(true);
      setAsked((count) => count + 1);
    } else if (before.phase === 'counting' && phase === 'last-minute') {
      setAsked((count) => count + 1);
    }
  }, [remaining, phase, timer]);

  // Speak when asked, but never sooner than ten seconds after the last time; the words are
  // made when spoken, and the display is brought to the same moment, so both say the same.
  useEffect(() => {
    if (asked === 0) return;
    const speak = setTimeout(() => {
      const at = Date.now();
      if (timerPhase(timer, at) === 'gone') return;
      lastAnnouncedAt.current = at;
      setNow(at);
      setAnnouncement(announcementOf(timer, at));
    }, announcementDelay(lastAnnouncedAt.current, Date.now()));
    return () => clearTimeout(speak);
  }, [asked, timer]);

  useEffect(() => {
    if (!flashing) return;
    const end = setTimeout(() => setFlashing(false), FLASH_MS);
    return () => clearTimeout(end);
  }, [flashing]);

  if (phase === 'gone') return null;
  return (
    <div
      className="workshop-timer"
      data-state={phase === 'up' ? 'done' : phase === 'last-minute' ? 'last-minute' : 'counting'}
      data-flash={flashing || undefined}
    >
      <span className="workshop-timer__label">{LABELS[phase]}</span>
      <span role="timer" aria-label="Workshop timer" className="workshop-timer__time">
        {formatRemaining(remaining)}
      </span>
      <span className="sr-only" aria-live="polite" data-timer-announcement>
        {announcement}
      </span>
    </div>
  );
}
