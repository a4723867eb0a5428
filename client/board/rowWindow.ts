// Which rows of the virtualised belief list are in the document. Beyond the rows in and
// near view, the keyboard must find in the DOM every row it can reach in one step, or Tab
// would jump out of the list at the edge of what is rendered:
//   - the first and the last row: Tab into the list from above lands on the first row,
//     Shift+Tab from below on the last, as in a list with every row present;
//   - the row that holds focus (unmounting it would drop focus to the page), and its
//     neighbours, so Tab / Shift+Tab at the row's edge moves on to the next row in order.
// Rows are positioned absolutely, so the window need not be contiguous.
import { defaultRangeExtractor, type Range } from '@tanstack/react-virtual';

/**
 * The indexes to render, ascending: the visible range with its overscan, plus the ends
 * of the list and each of `kept` (indexes; −1 for none) with one row either side.
 */
export function rowsToRender(range: Range, kept: readonly number[]): number[] {
  const { count } = range;
  const indexes = new Set(defaultRangeExtractor(range));
  if (count > 0) {
    indexes.add(0);
    indexes.add(count - 1);
  }
  for (const index of kept) {
    if (index < 0 || index >= count) continue;
    for (const near of [index - 1, index, index + 1]) if (near >= 0 && near < count) indexes.add(near);
  }
  return [...indexes].sort((a, b) => a - b);
}
