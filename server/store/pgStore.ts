// The store of a cluster: PostgreSQL (npm `pg`) is the record every relay writes to and
// reads from (docs/deploy.md, docs/scaling.md). Each board is a row (access hashes, sealed
// answers, roster, the merged snapshot) and a numbered log of updates.
//
// - Appends: what every board of this relay accepted while the previous batch was
//   committing (at least one turn of the event loop) is committed as ONE transaction
//   (group commit), one merged update per board, numbered
//   from the board row's `last_seq` (whose row lock orders appends of several relays);
//   the relay confirms "saved" only after the commit. Batches run one at a time, boards
//   locked in id order, so two relays' batches never deadlock. A batch that fails because
//   PostgreSQL is unreachable is tried again until it is back: meanwhile nothing is
//   confirmed, and nothing is lost.
// - Compaction merges a board's log into its snapshot in one transaction, by one relay at
//   a time (a try-advisory lock: a relay that finds it taken leaves it to the other).
// - Decisions (withBoardLock) hold a transaction-scoped advisory lock on the board, so
//   starting, sealing and revealing a round happen once, whichever relays are alive.
import pg from 'pg';
import * as Y from 'yjs';
import { isBoardId } from '../../shared/ids.ts';
import { rosterFromStored, rosterToStored, type RosterState, type StoredRoster } from '../access/rosterState.ts';
import { mergeRosters } from '../access/rosterMerge.ts';
import { isAccessHashes, type AccessHashes } from '../access/secrets.ts';
import { sealedFromStored, type SealedState, type StoredSealed } from '../rounds/sealedState.ts';
import { StoreError, type BoardStore, type LoggedUpdate, type StoredBoard, type StoredMoment } from './boardStore.ts';
import { LocalBoardLocks } from './localBoardLocks.ts';
import { CompactionPolicy } from './compactionPolicy.ts';
import { mergeStoredUpdatesOffThread } from './offThreadMerge.ts';
import { migratePg } from './pgMigrations.ts';
import { momentOfBatch, momentOfState } from './moments.ts';

/** Postgres error codes (and Node socket errors) that mean "not reachable now", worth trying again. */
const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 2_000;

export function isTransientPgError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (code !== undefined && TRANSIENT.has(code)) || /Connection terminated|connect ECONNREFUSED|terminating connection/i.test(message ?? '');
}

/** What one batch committed: each board's number in its log, and each saved roster as merged. */
interface CommittedBatch {
  seqs: Map<string, number>;
  rosters: Map<string, RosterState>;
}

export class PgStore implements BoardStore {
  readonly shared = true;
  private pending = new Map<string, Uint8Array[]>();
  /** Rosters saved this turn (the latest per board), committed with the turn's appends. */
  private pendingRosters = new Map<string, StoredRoster>();
  private pendingBatch: Promise<CommittedBatch> | null = null;
  /** Batches one after another: their order is the order of every board's log. */
  private batches: Promise<unknown> = Promise.resolve();
  /** Appends per board since this relay last compacted it. */
  private readonly compaction = new CompactionPolicy();
  private readonly localLocks = new LocalBoardLocks();
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    /** Connections for decisions only, so decisions waiting on each other never starve appends. */
    private readonly lockPool: pg.Pool,
    private readonly log: (line: string) => void,
  ) {}

  /** Connects, applies the schema's migrations, and checks the database answers. */
  static async open(connectionString: string, log: (line: string) => void = () => {}): Promise<PgStore> {
    const pool = new pg.Pool({ connectionString, max: 8 });
    const lockPool = new pg.Pool({ connectionString, max: 4 });
    // A connection PostgreSQL drops (a restart, a stop) is an event, not a crash: the pool
    // hears it for idle connections, and each connection itself while it is checked out —
    // a decision holds its lock connection across awaits, and node-postgres throws an
    // 'error' nobody listens to out of the process (a relay of the cluster test died so).
    // The query in flight, or the next one, fails instead, and the pool drops the client.
    const lost = (error: Error) => log(`PostgreSQL connection lost (${error.message}); it will be reopened`);
    for (const each of [pool, lockPool]) {
      each.on('error', lost);
      each.on('connect', (client) => client.on('error', lost));
    }
    try {
      const applied = await migratePg(pool);
      if (applied.length > 0) log(`PostgreSQL schema migrated to version ${applied.at(-1)}`);
    } catch (error) {
      await Promise.all([pool.end(), lockPool.end()]);
      throw new StoreError(`Could not open the PostgreSQL database (${error instanceof Error ? error.message : String(error)}).`);
    }
    return new PgStore(pool, lockPool, log);
  }

  async hasBoard(id: string): Promise<boolean> {
    const { rows } = await this.query<{ created: boolean }>('SELECT created FROM boards WHERE id = $1', [id], `Could not read the board ${id}.`);
    return rows[0]?.created === true;
  }

  async createBoard(id: string, initialUpdate: Uint8Array): Promise<void> {
    await this.transaction(async (client) => {
      // The row may exist already, holding the secrets written just before.
      await client.query(
        `INSERT INTO boards (id, created, last_seq) VALUES ($1, true, 1)
         ON CONFLICT (id) DO UPDATE SET created = true, last_seq = 1`,
        [id],
      );
      await client.query('INSERT INTO board_updates (board_id, seq, data) VALUES ($1, 1, $2)', [id, Buffer.from(initialUpdate)]);
      await insertMoment(client, id, 1, Date.now(), momentOfBatch(initialUpdate));
    }, `Could not store the new board ${id}.`);
  }

  async loadBoard(id: string): Promise<StoredBoard | null> {
    return this.transaction(
      async (client) => {
        const board = await client.query<{ created: boolean; snapshot: Buffer | null; snapshot_seq: string; created_ms: string }>(
          'SELECT created, snapshot, snapshot_seq, (extract(epoch FROM created_at) * 1000)::bigint AS created_ms FROM boards WHERE id = $1',
          [id],
        );
        const row = board.rows[0];
        if (!row?.created) return null;
        const log = await this.logAfter(client, id, Number(row.snapshot_seq));
        const parts = [...(row.snapshot ? [new Uint8Array(row.snapshot)] : []), ...log.map((entry) => entry.update)];
        const seq = log.at(-1)?.seq ?? Number(row.snapshot_seq);
        this.compaction.loaded(id, row.snapshot?.length ?? 0, log.length, log.reduce((bytes, entry) => bytes + entry.update.length, 0));
        const state = parts.length === 1 ? parts[0] : await mergeStoredUpdatesOffThread(id, parts);
        // A board stored before moments were kept: its state so far is its first moment.
        const { rows } = await client.query('SELECT 1 FROM board_moments WHERE board_id = $1 LIMIT 1', [id]);
        if (rows.length === 0) await insertMoment(client, id, seq, Number(row.created_ms), momentOfState(state));
        return { state, seq };
      },
      `Could not read the board ${id}.`,
      'REPEATABLE READ',
    );
  }

  appendUpdate(id: string, update: Uint8Array): Promise<number> {
    this.assertOpen();
    const updates = this.pending.get(id);
    if (updates) updates.push(update);
    else this.pending.set(id, [update]);
    return this.nextBatch().then(({ seqs }) => seqs.get(id)!);
  }

  /**
   * The next batch: it starts at the end of this turn, or once the batch committing now is
   * done, whichever is later, and takes everything appended until then (group commit). A
   * batch per turn queued behind a commit in flight made one transaction per update under
   * load, each waiting for the board's row lock and an fsync in turn: at 500 updates/s on
   * one board over three relays the queue grew without end (docs/performance.md, Cluster).
   */
  private nextBatch(): Promise<CommittedBatch> {
    this.pendingBatch ??= Promise.all([new Promise<void>((resolve) => setImmediate(resolve)), this.batches]).then(() => this.writePending());
    return this.pendingBatch;
  }

  async updatesSince(id: string, seq: number): Promise<LoggedUpdate[]> {
    return this.transaction(
      async (client) => {
        const board = await client.query<{ snapshot: Buffer | null; snapshot_seq: string }>('SELECT snapshot, snapshot_seq FROM boards WHERE id = $1', [id]);
        const row = board.rows[0];
        if (!row) return [];
        const snapshotSeq = Number(row.snapshot_seq);
        // A stretch already compacted comes back merged, as the snapshot.
        const head: LoggedUpdate[] = seq < snapshotSeq && row.snapshot ? [{ seq: snapshotSeq, update: new Uint8Array(row.snapshot) }] : [];
        return [...head, ...(await this.logAfter(client, id, Math.max(seq, snapshotSeq)))];
      },
      `Could not read the board ${id}.`,
      'REPEATABLE READ',
    );
  }

  async compact(id: string): Promise<void> {
    this.compaction.merging(id);
    await this.transaction(async (client) => {
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock(hashtextextended('compact:' || $1, 0)) AS locked", [id]);
      if (!rows[0]?.locked) return;
      const board = await client.query<{ snapshot: Buffer | null; snapshot_seq: string }>('SELECT snapshot, snapshot_seq FROM boards WHERE id = $1 FOR UPDATE', [id]);
      const row = board.rows[0];
      if (!row) return;
      const log = await this.logAfter(client, id, Number(row.snapshot_seq));
      if (log.length === 0 || (log.length === 1 && !row.snapshot)) return;
      const parts = [...(row.snapshot ? [new Uint8Array(row.snapshot)] : []), ...log.map((entry) => entry.update)];
      const upTo = log.at(-1)!.seq;
      const merged = await mergeStoredUpdatesOffThread(id, parts);
      this.compaction.merged(id, merged.length);
      await client.query('UPDATE boards SET snapshot = $2, snapshot_seq = $3 WHERE id = $1', [id, Buffer.from(merged), upTo]);
      await client.query('DELETE FROM board_updates WHERE board_id = $1 AND seq <= $2', [id, upTo]);
    }, `Could not compact the board ${id}.`);
  }

  async momentsSince(id: string, seq: number, limit: number): Promise<StoredMoment[]> {
    const { rows } = await this.query<{ seq: string; at: string; change: Buffer }>(
      'SELECT seq, at, change FROM board_moments WHERE board_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [id, Math.floor(seq), limit],
      `Could not read the history of the board ${id}.`,
    );
    return rows.map((row) => ({ seq: Number(row.seq), at: Number(row.at), change: new Uint8Array(row.change) }));
  }

  async saveBoardCopy(id: string, seq: number, copy: Uint8Array): Promise<boolean> {
    // One statement: kept only if no append has moved the board's last number since.
    const { rowCount } = await this.query(
      `INSERT INTO board_copies (board_id, seq, data)
         SELECT id, $2, $3 FROM boards WHERE id = $1 AND created AND last_seq = $2
       ON CONFLICT (board_id) DO UPDATE SET seq = EXCLUDED.seq, data = EXCLUDED.data`,
      [id, seq, Buffer.from(copy)],
      `Could not keep the copy of the board ${id}.`,
    );
    return rowCount === 1;
  }

  async loadBoardCopy(id: string): Promise<Uint8Array | null> {
    const { rows } = await this.query<{ data: Buffer }>(
      'SELECT c.data FROM board_copies c JOIN boards b ON b.id = c.board_id WHERE c.board_id = $1 AND c.seq = b.last_seq',
      [id],
      `Could not read the copy of the board ${id}.`,
    );
    return rows[0] ? new Uint8Array(rows[0].data) : null;
  }

  async hasBoardCopy(id: string): Promise<boolean> {
    const { rows } = await this.query(
      'SELECT 1 FROM board_copies c JOIN boards b ON b.id = c.board_id WHERE c.board_id = $1 AND c.seq = b.last_seq',
      [id],
      `Could not read the copy of the board ${id}.`,
    );
    return rows.length > 0;
  }

  async loadAccess(id: string): Promise<AccessHashes | null> {
    const access = await this.column(id, 'access', `Could not read the links of the board ${id}.`);
    return isAccessHashes(access) ? access : null;
  }

  async saveAccess(id: string, access: AccessHashes): Promise<void> {
    // The secrets come first, before the board is created (server/boards.ts).
    await this.query('INSERT INTO boards (id, access) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET access = EXCLUDED.access', [id, JSON.stringify(access)], `Could not store the links of the board ${id}.`);
  }

  async loadSealed(id: string): Promise<SealedState | null> {
    const stored = await this.column(id, 'sealed', `Could not read the sealed answers of the board ${id}.`);
    if (stored === null || stored === undefined) return null;
    const sealed = sealedFromStored(stored);
    if (!sealed) throw new StoreError(`The sealed answers of the board ${id} are damaged.`);
    return sealed;
  }

  async saveSealed(id: string, state: StoredSealed): Promise<void> {
    await this.query('UPDATE boards SET sealed = $2 WHERE id = $1', [id, JSON.stringify(state)], `Could not store the sealed answers of the board ${id}.`);
  }

  async loadRoster(id: string): Promise<RosterState | null> {
    const stored = await this.column(id, 'roster', `Could not read who joined the board ${id}.`);
    if (stored === null || stored === undefined) return null;
    const roster = rosterFromStored(stored);
    if (!roster) throw new StoreError(`The list of who joined the board ${id} is damaged.`);
    return roster;
  }

  /**
   * Merged with what the other relays saved, under the board row's lock, in the turn's
   * batch: an update and the claim of the client id it was written under commit together.
   */
  saveRoster(id: string, roster: StoredRoster): Promise<RosterState> {
    this.assertOpen();
    this.pendingRosters.set(id, roster);
    return this.nextBatch().then(({ rosters }) => rosters.get(id)!);
  }

  async loadDeadlines(): Promise<Map<string, number>> {
    const { rows } = await this.query<{ board_id: string; at: string }>('SELECT board_id, at FROM round_deadlines', [], 'Could not read the round deadlines.');
    return new Map(rows.filter((row) => isBoardId(row.board_id)).map((row) => [row.board_id, Number(row.at)]));
  }

  async saveDeadline(id: string, at: number | null): Promise<void> {
    if (at === null) await this.query('DELETE FROM round_deadlines WHERE board_id = $1', [id], 'Could not store the round deadline.');
    else await this.query('INSERT INTO round_deadlines (board_id, at) VALUES ($1, $2) ON CONFLICT (board_id) DO UPDATE SET at = EXCLUDED.at', [id, at], 'Could not store the round deadline.');
  }

  /**
   * This relay's decisions on a board queue up locally first, so a relay holds at most one
   * database connection per board; then the board's advisory lock, for as long as
   * `decide` runs (its writes included: it waits for them), across every relay.
   */
  withBoardLock<T>(id: string, decide: () => Promise<T>): Promise<T> {
    return this.localLocks.run(id, async () => {
      const client = await this.lockPool.connect();
      try {
        await client.query('BEGIN');
        await client.query("SELECT pg_advisory_xact_lock(hashtextextended('board:' || $1, 0))", [id]);
        const result = await decide();
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    });
  }

  /** Every created board's id, oldest first (for the migrate-store command). */
  async listBoards(): Promise<string[]> {
    const { rows } = await this.query<{ id: string }>('SELECT id FROM boards WHERE created ORDER BY created_at, id', [], 'Could not list the boards.');
    return rows.map((row) => row.id);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pendingBatch?.catch(() => undefined);
    await this.batches.catch(() => undefined);
    await Promise.all([this.pool.end(), this.lockPool.end()]);
  }

  private writePending(): Promise<CommittedBatch> {
    const batch = this.pending;
    const rosters = this.pendingRosters;
    this.pending = new Map();
    this.pendingRosters = new Map();
    this.pendingBatch = null;
    // The batch before it has finished (nextBatch): batches still run one at a time.
    const written = this.commitBatch(batch, rosters);
    this.batches = written.catch(() => undefined);
    return written;
  }

  /** One transaction for the batch; tried again while PostgreSQL cannot be reached. */
  private async commitBatch(batch: Map<string, Uint8Array[]>, rosters: Map<string, StoredRoster>): Promise<CommittedBatch> {
    const ids = Array.from(batch.keys()).sort();
    // Every row this batch writes is locked in id order, so two relays' batches never deadlock.
    const touched = Array.from(new Set([...ids, ...rosters.keys()])).sort();
    for (let wait = RETRY_FIRST_MS; ; wait = Math.min(RETRY_MAX_MS, wait * 2)) {
      try {
        const committed = await this.transaction(async (client): Promise<CommittedBatch> => {
          const seqs = new Map<string, number>();
          const merged = new Map<string, RosterState>();
          for (const id of touched) {
            const appends = batch.has(id);
            const { rows } = await client.query<{ last_seq: string; roster: unknown }>(
              appends
                ? 'UPDATE boards SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq, roster'
                : 'SELECT last_seq, roster FROM boards WHERE id = $1 FOR UPDATE',
              [id],
            );
            if (!rows[0]) throw new StoreError(`The board ${id} is not in the database.`);
            if (appends) seqs.set(id, Number(rows[0].last_seq));
            const roster = rosters.get(id);
            if (roster) {
              const recorded = rows[0].roster === null ? null : rosterFromStored(rows[0].roster);
              const incoming = rosterFromStored(roster)!;
              const next = recorded ? mergeRosters(recorded, incoming) : incoming;
              await client.query('UPDATE boards SET roster = $2 WHERE id = $1', [id, JSON.stringify(rosterToStored(next))]);
              merged.set(id, next);
            }
          }
          if (ids.length > 0) {
            const values: unknown[] = [];
            const moments: unknown[] = [];
            const now = Date.now();
            const tuples = ids.map((id, i) => {
              const updates = batch.get(id)!;
              const update = updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
              values.push(id, seqs.get(id), Buffer.from(update));
              const moment = momentOfBatch(update);
              if (moment) moments.push(id, seqs.get(id), now, Buffer.from(moment));
              return `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`;
            });
            await client.query(`INSERT INTO board_updates (board_id, seq, data) VALUES ${tuples.join(', ')}`, values);
            if (moments.length > 0) {
              const momentTuples = Array.from({ length: moments.length / 4 }, (_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`);
              await client.query(`INSERT INTO board_moments (board_id, seq, at, change) VALUES ${momentTuples.join(', ')}`, moments);
            }
          }
          return { seqs, rosters: merged };
        }, `Could not save changes to ${touched.length === 1 ? `the board ${touched[0]}` : `${touched.length} boards`}.`);
        for (const id of ids) {
          const bytes = batch.get(id)!.reduce((sum, update) => sum + update.length, 0);
          if (this.compaction.appended(id, 1, bytes)) void this.compact(id).catch((error: unknown) => this.log(`board ${id}: compaction failed (${String(error)})`));
        }
        return committed;
      } catch (error) {
        if (!isTransientPgError((error as StoreError).cause ?? error) || this.closed) throw error;
        this.log(`PostgreSQL unreachable; ${touched.length} board(s) wait to be saved, trying again in ${wait} ms`);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private async logAfter(client: pg.PoolClient, id: string, seq: number): Promise<LoggedUpdate[]> {
    const { rows } = await client.query<{ seq: string; data: Buffer }>('SELECT seq, data FROM board_updates WHERE board_id = $1 AND seq > $2 ORDER BY seq', [id, seq]);
    return rows.map((row) => ({ seq: Number(row.seq), update: new Uint8Array(row.data) }));
  }

  private async column(id: string, name: 'access' | 'sealed' | 'roster', what: string): Promise<unknown> {
    const { rows } = await this.query<Record<string, unknown>>(`SELECT ${name} FROM boards WHERE id = $1`, [id], what);
    return rows[0]?.[name] ?? null;
  }

  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[], what: string): Promise<pg.QueryResult<R>> {
    this.assertOpen();
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      throw new StoreError(`${what} (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>, what: string, isolation = 'READ COMMITTED'): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw new StoreError(`${what} (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (error instanceof StoreError) throw error;
      throw new StoreError(`${what} (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    } finally {
      client.release();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('The store is closed.');
  }
}

/** A moment beside the log entry of the same number; a second relay loading the same old board writes it once. */
async function insertMoment(client: pg.PoolClient, id: string, seq: number, at: number, change: Uint8Array | null): Promise<void> {
  if (!change) return;
  await client.query('INSERT INTO board_moments (board_id, seq, at, change) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [id, seq, at, Buffer.from(change)]);
}
