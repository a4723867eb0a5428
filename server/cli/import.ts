// `npm run import -- file.json`: makes a NEW board from a snapshot file in DATA_DIR, with
// no server running, and prints its links. The links point at PUBLIC_URL, or at the
// address `npm start` would use (HOST and PORT).
import { readFile, stat } from 'node:fs/promises';
import { ROLES, type Role } from '../../shared/access.ts';
import { MAX_SNAPSHOT_BYTES } from '../../shared/limits.ts';
import { InvalidBoardRequest } from '../boards.ts';
import { createBoardFromSnapshot } from '../snapshotBoards.ts';
import { CliError, dataDirFromEnv, openStore, runCli } from './openStore.ts';

const LINK_NAMES: Readonly<Record<Role, string>> = {
  facilitate: 'Facilitator link',
  edit: 'Participant link',
  view: 'View-only link',
};

function publicUrl(): string {
  if (process.env.PUBLIC_URL) return process.env.PUBLIC_URL.replace(/\/$/, '');
  return `http://${process.env.HOST || '127.0.0.1'}:${process.env.PORT || '8080'}`;
}

async function readSnapshotFile(file: string): Promise<unknown> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new CliError(`Cannot read ${file}: there is no such file.`);
  }
  if (size > MAX_SNAPSHOT_BYTES) throw new CliError(`${file} is ${size} bytes; a snapshot may be at most ${MAX_SNAPSHOT_BYTES}.`);
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw new CliError(`${file} is not a JSON file, so it is not a Beliefmap snapshot.`);
  }
}

runCli(async () => {
  const [file, ...extra] = process.argv.slice(2);
  if (!file || extra.length > 0) throw new CliError('Usage: npm run import -- snapshot.json');
  const json = await readSnapshotFile(file);
  const store = await openStore(dataDirFromEnv());
  try {
    const board = await createBoardFromSnapshot(store, json);
    console.log(`Imported ${file} as the new board ${board.id}.`);
    for (const role of ROLES) console.log(`${LINK_NAMES[role]}: ${publicUrl()}${board.links[role]}`);
  } catch (error) {
    if (error instanceof InvalidBoardRequest) throw new CliError(error.message);
    throw error;
  } finally {
    await store.close();
  }
});
