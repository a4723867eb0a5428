// The PostgreSQL store's schema, as numbered steps applied at start, each once, in order,
// each in its own transaction; a relay starting beside others waits for the one applying
// them (an advisory lock), so two relays never apply a step twice.
import type { Pool } from 'pg';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'boards, their numbered update logs, round deadlines',
    sql: `
      CREATE TABLE boards (
        id text PRIMARY KEY,
        -- false while only the access secrets exist (they are written first)
        created boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- the number of the last update appended; every append takes this row's lock
        last_seq bigint NOT NULL DEFAULT 0,
        -- the log merged up to snapshot_seq (compaction)
        snapshot bytea,
        snapshot_seq bigint NOT NULL DEFAULT 0,
        access jsonb,
        sealed jsonb,
        roster jsonb
      );
      CREATE TABLE board_updates (
        board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (board_id, seq)
      );
      CREATE TABLE round_deadlines (
        board_id text PRIMARY KEY REFERENCES boards (id) ON DELETE CASCADE,
        at bigint NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'the moments of each board\'s history (docs/history.md)',
    sql: `
      CREATE TABLE board_moments (
        board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
        -- the log entry it was written with; compaction deletes the entry, never the moment
        seq bigint NOT NULL,
        -- ms since epoch, the relay's clock
        at bigint NOT NULL,
        -- shared/history/momentCodec.ts
        change bytea NOT NULL,
        PRIMARY KEY (board_id, seq)
      );
    `,
  },
  {
    version: 3,
    name: 'the copy of each big board a page fetches as it opens it',
    sql: `
      CREATE TABLE board_copies (
        board_id text PRIMARY KEY REFERENCES boards (id) ON DELETE CASCADE,
        -- the board's last_seq when the copy was made: it is served only while they match
        seq bigint NOT NULL,
        -- the whole state as the relay's document encoded it, gzipped
        data bytea NOT NULL
      );
    `,
  },
];

/** Any constant, shared by every relay: the lock under which migrations are applied. */
const MIGRATION_LOCK = 6_215_421_778;

/** Applies the steps the database lacks; returns the versions applied. */
export async function migratePg(pool: Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS beliefmap_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM beliefmap_migrations')).rows.map((row) => row.version));
    const applied: number[] = [];
    for (const step of PG_MIGRATIONS) {
      if (done.has(step.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(step.sql);
        await client.query('INSERT INTO beliefmap_migrations (version, name) VALUES ($1, $2)', [step.version, step.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      applied.push(step.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
