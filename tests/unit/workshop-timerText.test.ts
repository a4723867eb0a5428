import { describe, expect, it } from 'vitest';
import {
  ANNOUNCE_EVERY_MS,
  announcementDelay,
  announcementOf,
  describeRemaining,
  formatRemaining,
  msUntilNextChange,
  TIME_UP_SHOWN_MS,
  timerPhase,
} from '../../client/workshop/timerText.ts';
import type { TimerState } from '../../shared/workshop.ts';

const END = 1_000_000;
const running: TimerState = { endsAt: END, remainingMs: 300_000, durationMs: 300_000 };

/** Reads "mm:ss" and "N minutes M seconds left." back into seconds, to compare the two. */
function displaySeconds(text: string): number {
  const [minutes, seconds] = text.split(':').map(Number);
  return minutes * 60 + seconds;
}
function spokenSeconds(text: string): number {
  if (text === 'Time is up.') return 0;
  const minutes = /(\d+) minutes?/.exec(text)?.[1] ?? '0';
  const seconds = /(\d+) seconds?/.exec(text)?.[1] ?? '0';
  return Number(minutes) * 60 + Number(seconds);
}

describe('the timer\'s phases', () => {
  it.each([
    { at: END - 120_000, phase: 'counting' },
    { at: END - 60_001, phase: 'counting' },
    { at: END - 60_000, phase: 'last-minute' },
    { at: END - 1, phase: 'last-minute' },
    { at: END, phase: 'up' },
    { at: END + TIME_UP_SHOWN_MS - 1, phase: 'up' },
    { at: END + TIME_UP_SHOWN_MS, phase: 'gone' },
    // A participant opening the board days later sees no timer at all.
    { at: END + 3 * 24 * 3_600_000, phase: 'gone' },
  ])('at end $at − END → $phase', ({ at, phase }) => {
    expect(timerPhase(running, at)).toBe(phase);
  });

  it('shows a paused timer while it has time left, and nothing once it has none', () => {
    expect(timerPhase({ endsAt: null, remainingMs: 5_000, durationMs: 60_000 }, END * 9)).toBe('paused');
    expect(timerPhase({ endsAt: null, remainingMs: 0, durationMs: 60_000 }, END)).toBe('gone');
  });

  it('wakes the page when the second changes, when time is up, and when it clears', () => {
    expect(msUntilNextChange(running, END - 2_500)).toBe(500);
    expect(msUntilNextChange(running, END)).toBe(TIME_UP_SHOWN_MS);
    expect(msUntilNextChange(running, END + 45_000)).toBe(TIME_UP_SHOWN_MS - 45_000);
    expect(msUntilNextChange(running, END + TIME_UP_SHOWN_MS)).toBeNull();
    expect(msUntilNextChange({ endsAt: null, remainingMs: 5_000, durationMs: 5_000 }, END)).toBeNull();
  });
});

describe('the timer in words', () => {
  it.each([
    [0, 'Time is up.', '00:00'],
    [1, '1 second left.', '00:01'],
    [999, '1 second left.', '00:01'],
    [1_000, '1 second left.', '00:01'],
    [53_000, '53 seconds left.', '00:53'],
    [60_000, '1 minute left.', '01:00'],
    [61_000, '1 minute 1 second left.', '01:01'],
    [90_000, '1 minute 30 seconds left.', '01:30'],
    [125_500, '2 minutes 6 seconds left.', '02:06'],
    [3_600_000, '60 minutes left.', '60:00'],
  ])('%i ms → "%s", shown %s', (ms, words, display) => {
    expect(describeRemaining(ms)).toBe(words);
    expect(formatRemaining(ms)).toBe(display);
  });

  it('always says the second the display shows (every 137 ms over ten minutes)', () => {
    for (let ms = 0; ms <= 600_000; ms += 137) {
      expect(spokenSeconds(describeRemaining(ms)), `${ms} ms`).toBe(displaySeconds(formatRemaining(ms)));
    }
  });

  it('says a paused timer is paused, with the time it shows', () => {
    expect(announcementOf({ endsAt: null, remainingMs: 90_000, durationMs: 300_000 }, END)).toBe('Timer paused, 1 minute 30 seconds left.');
    expect(announcementOf(running, END - 7_200)).toBe('8 seconds left.');
  });
});

describe('how often a screen reader is told', () => {
  it('speaks at once the first time, then never within ten seconds of the last', () => {
    expect(announcementDelay(null, END)).toBe(0);
    expect(announcementDelay(END, END)).toBe(ANNOUNCE_EVERY_MS);
    expect(announcementDelay(END, END + 3_000)).toBe(ANNOUNCE_EVERY_MS - 3_000);
    expect(announcementDelay(END, END + ANNOUNCE_EVERY_MS)).toBe(0);
    expect(announcementDelay(END, END + 60_000)).toBe(0);
  });
});
