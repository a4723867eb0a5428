// Board ids are the only secret a board has: the format, the randomness, the checks.
import { describe, expect, it } from 'vitest';
import { BOARD_ID_LENGTH, isBoardId, isItemId, newBoardId, newId } from '../../shared/ids.ts';

const URL_SAFE = /^[A-Za-z0-9_-]+$/;

describe('board ids', () => {
  it('are URL-safe, of the checked length, and pass their own check', () => {
    for (let i = 0; i < 1_000; i++) {
      const id = newBoardId();
      expect(id).toMatch(URL_SAFE);
      expect(id).toHaveLength(BOARD_ID_LENGTH);
      expect(isBoardId(id)).toBe(true);
      expect(encodeURIComponent(id)).toBe(id);
    }
  });

  it('carry at least 128 random bits: 22 symbols, each uniform over 64', () => {
    const ids = Array.from({ length: 20_000 }, newBoardId);
    expect(new Set(ids).size).toBe(ids.length);
    // Every symbol of the alphabet shows up in every position, roughly evenly: no bias.
    const counts = new Map<string, number>();
    for (const id of ids) for (const symbol of id) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    expect(counts.size).toBe(64);
    const expected = (ids.length * BOARD_ID_LENGTH) / 64;
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(expected * 0.85);
      expect(count).toBeLessThan(expected * 1.15);
    }
    for (let position = 0; position < BOARD_ID_LENGTH; position++) {
      expect(new Set(ids.map((id) => id[position])).size).toBe(64);
    }
  });

  it('reject anything that is not exactly an id', () => {
    const good = newBoardId();
    const bad: unknown[] = [
      '',
      good.slice(1),
      `${good}A`,
      '../../../../etc/passwd',
      `../${good.slice(3)}`,
      `${good.slice(1)}\0`,
      `${good.slice(1)}/`,
      `${good.slice(1)}.`,
      `${good.slice(1)}%`,
      `${good.slice(1)} `,
      `${good.slice(1)}é`,
      `${good}\n`,
      'x'.repeat(10_000),
      null,
      undefined,
      42,
      { toString: () => good },
      [good],
    ];
    for (const value of bad) expect(isBoardId(value), JSON.stringify(String(value)).slice(0, 40)).toBe(false);
  });
});

describe('item ids', () => {
  it('are unique, URL-safe and pass the item check', () => {
    const ids = Array.from({ length: 10_000 }, newId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 100)) {
      expect(id).toMatch(URL_SAFE);
      expect(isItemId(id)).toBe(true);
    }
  });

  it('reject separators, empty and oversized values', () => {
    for (const value of ['', 'a:b', 'a/b', 'a\0', 'x'.repeat(65), 'x'.repeat(10_000), null, 7]) {
      expect(isItemId(value)).toBe(false);
    }
  });
});
