// Where my caret belongs after someone else changed the text I am editing: mapped through
// the change (a Yjs text delta), so their typing before my caret pushes it along and
// their typing after it leaves it alone.

/** One operation of a Y.Text delta over the previous text, in UTF-16 units like a textarea. */
export interface TextDeltaOp {
  retain?: number;
  insert?: string | object;
  delete?: number;
}

/**
 * An index into the old text, mapped into the new one. An insertion exactly at the caret
 * lands before it, as Yjs's relative positions resolve it.
 */
export function mapIndexThroughDelta(index: number, delta: readonly TextDeltaOp[]): number {
  let oldPosition = 0;
  let mapped = index;
  for (const op of delta) {
    if (oldPosition > index) break;
    if (op.retain !== undefined) {
      oldPosition += op.retain;
    } else if (op.insert !== undefined) {
      mapped += typeof op.insert === 'string' ? op.insert.length : 1;
    } else if (op.delete !== undefined) {
      mapped -= Math.min(op.delete, index - oldPosition);
      oldPosition += op.delete;
    }
  }
  return mapped;
}
