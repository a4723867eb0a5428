// Keeps my caret on the words I was at when someone else's change lands in the text I am
// editing: a Y.Text change arrives as a delta (retain / insert / delete from the start),
// and a caret moves by what was inserted or deleted before it.

export type TextDelta = { retain?: number; insert?: unknown; delete?: number }[];

export function mapIndexThroughDelta(delta: TextDelta, index: number): number {
  let at = 0;
  let mapped = index;
  for (const op of delta) {
    if (op.retain !== undefined) {
      at += op.retain;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      // Text typed exactly at my caret goes after it: my caret stays where I left it.
      if (at < mapped) mapped += length;
      at += length;
    } else if (op.delete !== undefined) {
      if (at < mapped) mapped -= Math.min(op.delete, mapped - at);
    }
  }
  return mapped;
}
