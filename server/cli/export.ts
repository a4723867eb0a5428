// `npm run export -- <boardId> --format md|json|csv|summary-csv|groups-csv|actions-csv [--out file]`: writes a
// board's export from DATA_DIR, with no server running. Without --out it goes to stdout.
// Whoever can read DATA_DIR already holds every board, so no link secret is asked for.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isTextExportId, TEXT_EXPORTS } from '../../shared/exports/textFormats.ts';
import { isBoardId } from '../../shared/ids.ts';
import type { BoardSnapshot } from '../../shared/snapshot/format.ts';
import { loadSnapshot } from '../snapshotBoards.ts';
import { CliError, dataDirFromEnv, openStore, runCli } from './openStore.ts';

const USAGE = `Usage: npm run export -- <boardId> --format ${Object.keys(TEXT_EXPORTS).join('|')} [--out file]`;

const OPTIONS_WITH_VALUES = new Set(['--format', '--out']);

/**
 * A board id may start with "-" (one in 64 do), which parseArgs would read as an option:
 * such an id, where a value is not expected, is moved behind "--" so it stays the board id.
 */
function boardIdsAsPositionals(args: string[]): string[] {
  const rest: string[] = [];
  const ids: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return [...rest, '--', ...ids, ...args.slice(i + 1)];
    if (arg.startsWith('-') && isBoardId(arg) && !OPTIONS_WITH_VALUES.has(args[i - 1])) ids.push(arg);
    else rest.push(arg);
  }
  return ids.length > 0 ? [...rest, '--', ...ids] : rest;
}

runCli(async () => {
  let parsed;
  try {
    parsed = parseArgs({
      args: boardIdsAsPositionals(process.argv.slice(2)),
      allowPositionals: true,
      options: { format: { type: 'string', default: 'md' }, out: { type: 'string' } },
    });
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const [boardId, ...extra] = parsed.positionals;
  if (!boardId || extra.length > 0) throw new CliError(USAGE);
  if (!isBoardId(boardId)) throw new CliError(`"${boardId}" is not a board id (22 letters, digits, "-" or "_", as in /b/<id>).`);
  const format = parsed.values.format;
  if (!isTextExportId(format)) throw new CliError(`There is no format "${format}".\n${USAGE}`);

  const dataDir = dataDirFromEnv();
  const store = await openStore(dataDir);
  let snapshot: BoardSnapshot | null;
  try {
    snapshot = await loadSnapshot(store, boardId, Date.now());
  } finally {
    await store.close();
  }
  if (!snapshot) throw new CliError(`There is no board ${boardId} in ${dataDir}.`);
  const text = TEXT_EXPORTS[format].render(snapshot);
  if (parsed.values.out) {
    await writeFile(parsed.values.out, text);
    console.error(`Wrote ${parsed.values.out}`);
  } else {
    process.stdout.write(text);
  }
});
