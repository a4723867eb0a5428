// `npm run migrate-store -- --from ./data --to "$DATABASE_URL"`: copies every board, its
// links and its workshop state (sealed answers, private notes, who joined, the round
// deadline) from one store to another — LevelDB folder to PostgreSQL, or back, or any
// pair. Run it with no relay using the source (LevelDB allows one process).
//
// Re-running it is harmless: a board the target already has gets the source's state
// merged into its own (Yjs merges are idempotent, so nothing is doubled and nothing the
// target got since is lost), and its links and workshop state are left as the target has
// them, since the target is the one in use.
import { parseArgs } from 'node:util';
import path from 'node:path';
import type { BoardStore } from '../store/boardStore.ts';
import { LeveldbStore } from '../store/leveldbStore.ts';
import { PgStore } from '../store/pgStore.ts';
import { rosterToStored } from '../access/rosterState.ts';
import { sealedToStored } from '../rounds/sealedState.ts';
import { CliError, runCli } from './openStore.ts';

const USAGE = 'Usage: npm run migrate-store -- --from <folder or postgres://…> --to <folder or postgres://…>';

type ListingStore = BoardStore & { listBoards(): Promise<string[]> };

async function open(where: string): Promise<ListingStore> {
  try {
    if (/^postgres(ql)?:\/\//.test(where)) return await PgStore.open(where);
    return await LeveldbStore.openIn(path.resolve(where));
  } catch (error) {
    throw new CliError(`Could not open ${where.replace(/\/\/[^@]*@/, '//')}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

runCli(async () => {
  let values: { from?: string; to?: string };
  try {
    ({ values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } }));
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (!values.from || !values.to) throw new CliError(USAGE);
  if (values.from === values.to) throw new CliError('--from and --to are the same store.');
  const source = await open(values.from);
  const target = await open(values.to);
  let created = 0;
  let merged = 0;
  try {
    const deadlines = await source.loadDeadlines();
    const ids = await source.listBoards();
    for (const [index, id] of ids.entries()) {
      const board = await source.loadBoard(id);
      if (!board) continue;
      if (await target.hasBoard(id)) {
        await target.appendUpdate(id, board.state);
        merged++;
      } else {
        // Links first, as a new board's are (server/boards.ts): the board exists only once created.
        const access = await source.loadAccess(id);
        if (access) await target.saveAccess(id, access);
        await target.createBoard(id, board.state);
        const sealed = await source.loadSealed(id);
        if (sealed) await target.saveSealed(id, sealedToStored(sealed));
        const roster = await source.loadRoster(id);
        if (roster) await target.saveRoster(id, rosterToStored(roster));
        const deadline = deadlines.get(id);
        if (deadline !== undefined) await target.saveDeadline(id, deadline);
        created++;
      }
      if ((index + 1) % 100 === 0) console.log(`${index + 1} of ${ids.length} boards…`);
    }
    console.log(`Copied ${created} board(s); merged ${merged} the target already had. ${ids.length} in all.`);
  } finally {
    await source.close();
    await target.close();
  }
});
