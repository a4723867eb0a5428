// Everything a board holds, as plain data, read through the model: two replicas are
// equal when their contents are deeply equal.
import type * as Y from 'yjs';
import { listBeliefs, readBoardMeta, readParticipants } from '../../shared/model.ts';
import { positionsMap } from '../../shared/schema.ts';

export function boardContent(doc: Y.Doc) {
  return {
    meta: readBoardMeta(doc),
    beliefs: listBeliefs(doc),
    positions: positionsMap(doc).toJSON(),
    participants: Object.fromEntries(readParticipants(doc)),
  };
}
