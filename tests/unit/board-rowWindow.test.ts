import { describe, expect, it } from 'vitest';
import { rowsToRender } from '../../client/board/rowWindow.ts';

const range = (startIndex: number, endIndex: number, count = 100, overscan = 2) => ({ startIndex, endIndex, count, overscan });

describe('rowsToRender', () => {
  it('renders the rows in view with their overscan, and both ends of the list', () => {
    expect(rowsToRender(range(40, 42), [])).toEqual([0, 38, 39, 40, 41, 42, 43, 44, 99]);
  });

  it('keeps a focused row far from view, with a neighbour on each side', () => {
    expect(rowsToRender(range(0, 1), [70])).toEqual([0, 1, 2, 3, 69, 70, 71, 99]);
  });

  it('keeps every row asked for, skipping −1 (none) and indexes past the end', () => {
    expect(rowsToRender(range(10, 10, 50, 0), [-1, 30, 120, 49])).toEqual([0, 10, 29, 30, 31, 48, 49]);
  });

  it('stays within the list at its ends and renders nothing for an empty list', () => {
    expect(rowsToRender(range(0, 0, 1, 3), [0])).toEqual([0]);
    expect(rowsToRender(range(0, 0, 0, 3), [])).toEqual([]);
  });
});
