// What a room lets each connection change: nothing for a view-only link, nothing that
// takes the board past its limits (boardGuard.ts), and of the workshop only what its role
// allows (workshopGuard.ts). The room asks it about every update
// before applying it, and again before relaying and storing what was applied.
import * as Y from 'yjs';
import { roleCanEdit } from '../../shared/access.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { Connection } from '../relay/connection.ts';
import { BoardGuard } from './boardGuard.ts';
import type { RelayLimits } from './relayLimits.ts';
import { workshopViolation } from './workshopGuard.ts';

export class RoomPolicy {
  private readonly guard: BoardGuard;
  /** Set when the last transaction a connection applied broke a limit or a rule; cleared by takeRefusal. */
  private refusal: { origin: unknown; code: number; reason: string } | null = null;

  constructor(
    private readonly doc: Y.Doc,
    limits: RelayLimits,
    loadedBytes: number,
  ) {
    this.guard = new BoardGuard(doc, limits, loadedBytes);
    doc.on('afterTransaction', this.onAfterTransaction);
  }

  /**
   * Whether to apply an update `from` sent. False drops it quietly (a view-only link:
   * the client was told once, on joining); throws LimitExceeded when it cannot fit.
   */
  admitUpdate(from: Connection, update: Uint8Array): boolean {
    if (!roleCanEdit(from.role)) return false;
    this.guard.checkSize(update);
    return true;
  }

  /** True when an applied update must go no further (neither to others nor to the store). */
  withholds(update: Uint8Array, origin: unknown): boolean {
    if (this.refusal && this.refusal.origin === origin) return true;
    this.guard.accepted(update);
    return false;
  }

  /** Why the update just handled was withheld, once; null when it was not. */
  takeRefusal(): { code: number; reason: string } | null {
    const refusal = this.refusal;
    this.refusal = null;
    return refusal && { code: refusal.code, reason: refusal.reason };
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onAfterTransaction);
  }

  private readonly onAfterTransaction = (transaction: Y.Transaction): void => {
    // Only what connections send is checked (their updates carry the connection as origin).
    // The relay's own writes (round status, reveals) carry no origin.
    if (transaction.origin === null) return;
    const reason = this.guard.violation(transaction);
    if (reason) {
      this.refusal = { origin: transaction.origin, code: CLOSE.boardFull, reason };
      return;
    }
    if (!(transaction.origin instanceof Connection)) return;
    const refused = workshopViolation(this.doc, transaction, transaction.origin.role);
    if (refused) this.refusal = { origin: transaction.origin, ...refused };
  };
}
