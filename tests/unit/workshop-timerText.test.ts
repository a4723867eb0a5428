import { describe, expect, it } from 'vitest';
import { timerRemaining } from '../../shared/workshop.ts';
import { describeRemaining, formatRemaining, msUntilNextTick } from '../../client/workshop/timerText.ts';

describe('the timer as text', () => {
  it('shows whole seconds rounded up, so it reads 00:00 only when time is up', () => {
    expect(formatRemaining(5 * 60_000)).toBe('05:00');
    expect(formatRemaining(299_001)).toBe('05:00');
    expect(formatRemaining(299_000)).toBe('04:59');
    expect(formatRemaining(1)).toBe('00:01');
    expect(formatRemaining(0)).toBe('00:00');
    expect(formatRemaining(-2000)).toBe('00:00');
    expect(formatRemaining(75 * 60_000)).toBe('75:00');
  });

  it('ticks on the boundary of the remaining second', () => {
    expect(msUntilNextTick(299_400)).toBe(400);
    expect(msUntilNextTick(299_000)).toBe(1000);
  });

  it('tells a screen reader the remaining time in words', () => {
    expect(describeRemaining(0)).toBe('Time is up.');
    expect(describeRemaining(42_000)).toBe('42 seconds left.');
    expect(describeRemaining(60_000)).toBe('1 minute left.');
    expect(describeRemaining(5 * 60_000)).toBe('5 minutes left.');
  });

  it('counts down from the stored end time, and a paused timer keeps what was left', () => {
    const now = 1_000_000;
    expect(timerRemaining({ endsAt: now + 90_000, remainingMs: 300_000, durationMs: 300_000 }, now)).toBe(90_000);
    expect(timerRemaining({ endsAt: now - 5, remainingMs: 300_000, durationMs: 300_000 }, now)).toBe(0);
    expect(timerRemaining({ endsAt: null, remainingMs: 12_000, durationMs: 300_000 }, now)).toBe(12_000);
  });
});
