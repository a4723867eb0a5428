// Jittered reconnect delays (client/state/boardProvider.ts schedules them): never longer
// than y-websocket's own backoff, never below half of it, and spread out across clients.
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import { RECONNECT_MAX_MS } from '../../shared/limits.ts';
import { reconnectDelayMs } from '../../client/state/reconnect.ts';

describe('reconnectDelayMs', () => {
  it('stays within the upper half of the window and under y-websocket\'s own delay', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const stock = 2 ** attempt * 100;
      for (const random of [0, 0.5, 0.999]) {
        const delay = reconnectDelayMs(attempt, random);
        expect(delay).toBeLessThanOrEqual(Math.min(stock, RECONNECT_MAX_MS));
        expect(delay).toBeGreaterThanOrEqual(Math.min(stock, RECONNECT_MAX_MS) / 2);
      }
    }
  });

  it('spreads sixty clients that lost the relay together', () => {
    const seed = 60;
    const gen = prng.create(seed);
    const delays = Array.from({ length: 60 }, () => reconnectDelayMs(6, prng.real53(gen)));
    const spread = Math.max(...delays) - Math.min(...delays);
    // Window for attempt 6 is 3.2 s: the retries cover most of its upper half (1.6 s).
    expect(spread).toBeGreaterThan(1_200);
    expect(new Set(delays.map((d) => Math.round(d / 50))).size).toBeGreaterThan(20);
  });
});
