// The replay clock: ten times the board's own pace, long pauses jumped, never backwards.
import { describe, expect, it } from 'vitest';
import { replayStep, REPLAY_LONGEST_PAUSE_MS, REPLAY_SPEED } from '../../client/history/replay.ts';

const T0 = 1_765_000_000_000;

describe('replayStep', () => {
  it('moves through moments at ten times the pace they were stored', () => {
    const times = [T0, T0 + 1_000, T0 + 2_000, T0 + 5_000];
    let at = { index: 0, clock: T0 };
    at = replayStep(times, at, 99);
    expect(at.index).toBe(0);
    at = replayStep(times, at, 2);
    // 101 ms of replay is 1,010 ms of the board: past the second moment, not the third.
    expect(at).toEqual({ index: 1, clock: T0 + 101 * REPLAY_SPEED });
    at = replayStep(times, at, 400);
    expect(at.index).toBe(3);
    expect(replayStep(times, at, 1_000).index).toBe(3);
  });

  it('jumps over a pause longer than the longest it waits through', () => {
    const gap = REPLAY_LONGEST_PAUSE_MS * 50;
    const times = [T0, T0 + gap, T0 + gap + 500];
    const at = replayStep(times, { index: 0, clock: T0 }, 10);
    expect(at.index).toBe(1);
    expect(at.clock).toBe(T0 + gap);
    // A pause shorter than that is waited through, at ten times its pace.
    const short = [T0, T0 + REPLAY_LONGEST_PAUSE_MS - 1];
    expect(replayStep(short, { index: 0, clock: T0 }, 10).index).toBe(0);
    expect(replayStep(short, { index: 0, clock: T0 }, REPLAY_LONGEST_PAUSE_MS / REPLAY_SPEED).index).toBe(1);
  });

  it('starts from a moment chosen by hand, wherever the clock was', () => {
    const times = [T0, T0 + 1_000, T0 + 2_000];
    expect(replayStep(times, { index: 1, clock: T0 + 1_000 }, 50)).toEqual({ index: 1, clock: T0 + 1_500 });
  });
});
