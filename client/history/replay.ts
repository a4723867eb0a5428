// Replaying a board's history at ten times the speed it happened: a clock that runs 10×
// from the moment shown, the map showing the last moment at or before it. A pause longer
// than REPLAY_LONGEST_PAUSE_MS of the board's own time (a break, a night between async
// sessions) is jumped over, so a workshop over two days still replays in minutes. Pure:
// the view ticks it, the tests run it on plain numbers.
export const REPLAY_SPEED = 10;
/** The longest stretch of the board's time without a change that the replay waits through. */
export const REPLAY_LONGEST_PAUSE_MS = 20_000;
/** How often the replay advances the map. */
export const REPLAY_TICK_MS = 100;

export interface ReplayPosition {
  /** The moment shown. */
  index: number;
  /** The board's time the replay has reached (ms since epoch). */
  clock: number;
}

/**
 * Where the replay is `elapsedMs` of real time after `from`, over moments stored at `times`
 * (ascending). It never goes back and stops at the last moment.
 */
export function replayStep(times: readonly number[], from: ReplayPosition, elapsedMs: number): ReplayPosition {
  let { index, clock } = from;
  clock += elapsedMs * REPLAY_SPEED;
  const next = times[index + 1];
  if (next !== undefined && next - Math.max(clock, times[index]) > REPLAY_LONGEST_PAUSE_MS) clock = Math.max(clock, next);
  while (index + 1 < times.length && times[index + 1] <= clock) index++;
  return { index, clock };
}
