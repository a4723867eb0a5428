// The command-line tools read DATA_DIR directly, without a running server. LevelDB lets
// one process at a time open a directory, so a running server means the tools must wait;
// the message says so, and what to do instead.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BoardStore } from '../store/boardStore.ts';
import { LeveldbStore } from '../store/leveldbStore.ts';
import { PgStore } from '../store/pgStore.ts';

export class CliError extends Error {}

export function dataDirFromEnv(): string {
  return path.resolve(process.env.DATA_DIR || 'data');
}

/**
 * The store the tools work on: PostgreSQL when DATABASE_URL is set (a cluster's record, which
 * relays may keep using meanwhile), else the LevelDB folder `dataDir`.
 */
export async function openStore(dataDir: string): Promise<BoardStore> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    try {
      return await PgStore.open(databaseUrl);
    } catch (error) {
      throw new CliError(`Could not open the PostgreSQL database in DATABASE_URL: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (!existsSync(dataDir)) {
    throw new CliError(`There is no data directory at ${dataDir}. Set DATA_DIR to the folder your Beliefmap keeps its boards in.`);
  }
  try {
    return await LeveldbStore.open(dataDir);
  } catch (error) {
    throw new CliError(
      `Could not open the boards in ${dataDir}: ${error instanceof Error ? error.message : String(error)}\n` +
        'A running Beliefmap server holds this directory (LevelDB allows one process at a time). Stop the server first, ' +
        'or export over HTTP instead: GET /api/boards/<id>/export.md with "Authorization: Bearer <secret from a board link>".',
    );
  }
}

/** Runs a tool: its errors are printed as sentences, with exit code 1. */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof CliError ? error.message : `Failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  });
}
