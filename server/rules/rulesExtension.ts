// The room's judge: every update from a browser is decided here before the room applies
// it (decideUpdate.ts, by the table in shared/boardRules.ts, within the board's size), as
// the verified participant the roster says the connection is; and the Yjs client ids an
// accepted update wrote under become that participant's.
import type * as Y from 'yjs';
import type { Roster } from '../access/roster.ts';
import type { RelayLimits } from '../limits/relayLimits.ts';
import { BoardGuard } from '../limits/boardGuard.ts';
import { TokenBucket } from '../limits/tokenBucket.ts';
import type { Connection } from '../relay/connection.ts';
import type { AcceptedUpdate, RoomExtension } from '../relay/roomExtension.ts';
import { decideUpdate, type UpdateDecision } from './decideUpdate.ts';

const PLACED_STRUCTS_BURST = 40_000;
const PLACED_STRUCTS_PER_SECOND = 20_000;
/** One tab's share: an honest catch-up after a long time offline fits in the burst. */
const PLACED_STRUCTS_PER_CONNECTION_BURST = 10_000;
const PLACED_STRUCTS_PER_CONNECTION_PER_SECOND = 2_000;

export class RulesExtension implements RoomExtension {
  private readonly guard: BoardGuard;
  /** The client ids of the update just decided, claimed once the room has applied it. */
  private decided: { connection: Connection; clients: Set<number> } | null = null;
  /** Client ids each connection wrote its first struct under. */
  private readonly introduced = new WeakMap<Connection, number>();
  private readonly newClientIds: TokenBucket;
  /**
   * Structs rebuilt to place values whose outcome only Yjs can tell (updateChanges.ts): a
   * crafted update of a few bytes can ask for thousands. Honest updates need a handful;
   * this bounds what one board's crafted updates take of the relay's thread (≈ 5 µs a
   * struct: 0.1 s a second at most).
   */
  private readonly placements = new TokenBucket(PLACED_STRUCTS_BURST, PLACED_STRUCTS_PER_SECOND);
  /**
   * Each connection's own ration, asked first: a few crafted bytes can ask for a whole
   * list (a value with no origin, an origin far back), and on the board's ration alone one
   * tab could keep it empty, so that every honest concurrent move counted as emptying its
   * note's place (found by a hostile review: 32 bytes asked 3,002 structs).
   */
  private readonly placementsOf = new WeakMap<Connection, TokenBucket>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly roster: Roster,
    private readonly limits: RelayLimits,
    loadedBytes: number,
  ) {
    this.guard = new BoardGuard(doc, limits.maxBoardBytes, loadedBytes);
    this.newClientIds = new TokenBucket(limits.newClientIdsPerBoardBurst, limits.newClientIdsPerBoardPerMinute / 60);
  }

  /** No less than the board's encoded size (the guard's running estimate; every applied update counts). */
  sizeAtMost(): number {
    return this.guard.sizeAtMost;
  }

  beforeApply(connection: Connection, update: Uint8Array, catchUp: boolean): UpdateDecision {
    const participantId = connection.verifiedParticipant;
    const decision = decideUpdate(this.doc, update, {
      catchUp,
      actor: { role: connection.role, participantId },
      ownerOf: (client) => this.roster.ownerOf(client, participantId),
      maxBeliefsPerBoard: this.limits.maxBeliefsPerBoard,
      maxBeliefText: this.limits.maxBeliefText,
      fits: (bytes) => this.guard.fits(bytes),
      newClients: (clients) => this.admitNewClients(connection, clients),
      mayPlace: (structs) => this.connectionPlacements(connection).take(structs) && this.placements.take(structs),
    });
    this.decided = decision.kind === 'apply' ? { connection, clients: decision.clients } : null;
    return decision;
  }

  private connectionPlacements(connection: Connection): TokenBucket {
    let bucket = this.placementsOf.get(connection);
    if (!bucket) this.placementsOf.set(connection, (bucket = new TokenBucket(PLACED_STRUCTS_PER_CONNECTION_BURST, PLACED_STRUCTS_PER_CONNECTION_PER_SECOND)));
    return bucket;
  }

  /**
   * A tab writes under one Yjs client id (a few at most); a board takes in new ones at a
   * bounded rate. Each stays in the board for good and costs Yjs work in every later
   * transaction, so fresh ids without end would slow the relay for every board. Asked
   * before a first write under an id, and before a tab's presence claims one (room.ts).
   */
  admitNewClients(connection: Connection, clients: number[]): string | null {
    const introduced = (this.introduced.get(connection) ?? 0) + clients.length;
    if (introduced > this.limits.maxClientIdsPerConnection) {
      return `it writes under ${introduced} Yjs client ids from one tab, more than the ${this.limits.maxClientIdsPerConnection} the relay accepts`;
    }
    if (!this.newClientIds.take(clients.length)) {
      return 'too many new browsers started writing on this board in a short time: reload the board in a minute';
    }
    this.introduced.set(connection, introduced);
    return null;
  }

  accepted({ update, from }: AcceptedUpdate): void {
    this.guard.accepted(update.length);
    if (from === null || this.decided?.connection !== from) return;
    const participantId = from.verifiedParticipant;
    if (participantId !== null) this.roster.claim(this.decided.clients, participantId);
    this.decided = null;
  }
}
