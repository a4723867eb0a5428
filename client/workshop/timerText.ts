// How the shared timer is written and when it is spoken: whole seconds left, rounded up,
// so the display reads 00:00 exactly when time is up and never while a fraction of a
// second remains; the words for a screen reader are made from the same whole seconds, so
// they always say what the display shows. Pure, so the rules are tested without a clock.
import { timerRemaining, type TimerState } from '../../shared/workshop.ts';

const MS_PER_SECOND = 1000;
const SECONDS_PER_MINUTE = 60;

/** Below this the display says so, in words and colour. */
export const LAST_MINUTE_MS = 60_000;
/** How long "Time is up" stays after the end; then the timer clears itself on every screen. */
export const TIME_UP_SHOWN_MS = 60_000;
/** A screen reader is told about the timer at most this often. */
export const ANNOUNCE_EVERY_MS = 10_000;

/**
 * What a timer shows at a moment: counting down, in its last minute, paused, "Time is up"
 * (for TIME_UP_SHOWN_MS after the end), or nothing at all — so a page opened long after
 * the end, or a paused timer with nothing left, never shows a stale 00:00.
 */
export type TimerPhase = 'counting' | 'last-minute' | 'paused' | 'up' | 'gone';

export function timerPhase(timer: TimerState, now: number): TimerPhase {
  const remaining = timerRemaining(timer, now);
  if (timer.endsAt === null) return remaining > 0 ? 'paused' : 'gone';
  if (remaining > 0) return remaining <= LAST_MINUTE_MS ? 'last-minute' : 'counting';
  return now < timer.endsAt + TIME_UP_SHOWN_MS ? 'up' : 'gone';
}

/** Milliseconds from `now` until the phase or the shown text next changes; null when nothing will. */
export function msUntilNextChange(timer: TimerState, now: number): number | null {
  const phase = timerPhase(timer, now);
  if (phase === 'counting' || phase === 'last-minute') return msUntilNextTick(timerRemaining(timer, now));
  if (phase === 'up') return timer.endsAt! + TIME_UP_SHOWN_MS - now;
  return null;
}

function wholeSeconds(ms: number): number {
  return Math.ceil(Math.max(0, ms) / MS_PER_SECOND);
}

/** Remaining time as "mm:ss"; minutes go past 59 rather than growing an hours field. */
export function formatRemaining(ms: number): string {
  const seconds = wholeSeconds(ms);
  const minutes = Math.floor(seconds / SECONDS_PER_MINUTE);
  return `${String(minutes).padStart(2, '0')}:${String(seconds % SECONDS_PER_MINUTE).padStart(2, '0')}`;
}

/** Milliseconds until the shown text next changes, so a page ticks on the second boundary. */
export function msUntilNextTick(remainingMs: number): number {
  const intoSecond = remainingMs % MS_PER_SECOND;
  return intoSecond === 0 ? MS_PER_SECOND : intoSecond;
}

function count(value: number, unit: string): string {
  return `${value} ${unit}${value === 1 ? '' : 's'}`;
}

/** The remaining time in words, the same whole seconds as `formatRemaining`: "2 minutes 5 seconds left." */
export function describeRemaining(ms: number): string {
  const seconds = wholeSeconds(ms);
  if (seconds === 0) return 'Time is up.';
  const minutes = Math.floor(seconds / SECONDS_PER_MINUTE);
  const rest = seconds % SECONDS_PER_MINUTE;
  const parts = [minutes > 0 ? count(minutes, 'minute') : '', rest > 0 || minutes === 0 ? count(rest, 'second') : ''];
  return `${parts.filter(Boolean).join(' ')} left.`;
}

/** What the live region says at `now`: the display's time in words, or that it is paused. */
export function announcementOf(timer: TimerState, now: number): string {
  const words = describeRemaining(timerRemaining(timer, now));
  return timer.endsAt === null ? `Timer paused, ${words.charAt(0).toLowerCase()}${words.slice(1)}` : words;
}

/** How long to wait before the next announcement, so two are never closer than ANNOUNCE_EVERY_MS. */
export function announcementDelay(lastAnnouncedAt: number | null, now: number): number {
  return lastAnnouncedAt === null ? 0 : Math.max(0, lastAnnouncedAt + ANNOUNCE_EVERY_MS - now);
}
