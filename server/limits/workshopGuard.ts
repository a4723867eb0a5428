// Who may change the workshop (docs/rounds.md): the facilitator's own settings (timer,
// lock, private writing, "bring everyone to me") only through a facilitate link; the
// round status and the history of rounds only by the relay itself; and while the board
// is locked, the notes only by facilitators. Checked like the board limits
// (boardGuard.ts): on the transaction a connection's update made, after it was applied
// and before anyone else or the store sees it. Looking at `transaction.changed` costs
// a few map lookups, so every update can afford it.
import * as Y from 'yjs';
import type { Role } from '../../shared/access.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { beliefsMap } from '../../shared/schema.ts';
import { FACILITATOR_KEYS, readWorkshop, roundsMap, workshopMap } from '../../shared/workshop.ts';

export interface WorkshopRefusal {
  code: number;
  reason: string;
}

export function workshopViolation(doc: Y.Doc, transaction: Y.Transaction, role: Role): WorkshopRefusal | null {
  const workshopKeys = transaction.changed.get(workshopMap(doc) as Y.AbstractType<any>);
  for (const key of workshopKeys ?? []) {
    if (key === null || !FACILITATOR_KEYS.includes(key)) {
      return { code: CLOSE.facilitatorOnly, reason: `a browser wrote the workshop's ${String(key)}, which only the relay writes` };
    }
    if (role !== 'facilitate') return { code: CLOSE.facilitatorOnly, reason: `a ${role} link changed the workshop's ${key}` };
  }
  if (transaction.changed.has(roundsMap(doc) as Y.AbstractType<any>)) {
    return { code: CLOSE.facilitatorOnly, reason: 'a browser wrote the history of rounds, which only the relay writes' };
  }
  if (role !== 'facilitate' && readWorkshop(doc).locked && touchesBeliefs(doc, transaction)) {
    return { code: CLOSE.boardLocked, reason: `a ${role} link changed a note while the board is locked` };
  }
  return null;
}

/** Whether the transaction changed the beliefs map or anything inside a belief (its fields, its text). */
function touchesBeliefs(doc: Y.Doc, transaction: Y.Transaction): boolean {
  const beliefs = beliefsMap(doc) as Y.AbstractType<any>;
  for (const type of transaction.changed.keys()) {
    for (let at: Y.AbstractType<any> | null = type; at; at = at.parent as Y.AbstractType<any> | null) {
      if (at === beliefs) return true;
    }
  }
  return false;
}
