// `npm run board-links -- <boardId>`: mints new facilitator, participant and view-only
// links for one board, straight in DATA_DIR, and prints them on this terminal. For an
// operator: a board made before links had secrets, or a facilitator who lost their link.
// The server must be stopped (LevelDB allows one process at a time). Every older link of
// the board stops working. BASE_URL (e.g. https://beliefs.example.org) makes the links whole.
import path from 'node:path';
import { isBoardId } from '../../shared/ids.ts';
import { mintAllSecrets } from '../access/boardAccess.ts';
import { LeveldbStore } from '../store/leveldbStore.ts';

const boardId = process.argv[2];
if (!isBoardId(boardId)) {
  console.error('Usage: npm run board-links -- <boardId>   (the 22-character id after /b/ in a board link)');
  process.exit(1);
}
const dataDir = path.resolve(process.env.DATA_DIR || 'data');
const base = (process.env.BASE_URL ?? '').replace(/\/$/, '');

let store: LeveldbStore;
try {
  store = await LeveldbStore.open(dataDir);
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)} Stop the server first, then run this again.`);
  process.exit(1);
}
try {
  if (!(await store.hasBoard(boardId))) {
    console.error(`There is no board ${boardId} in ${dataDir}.`);
    process.exitCode = 1;
  } else {
    const links = await mintAllSecrets(store, boardId);
    console.log(`New links for board ${boardId} (every older link of this board no longer works):`);
    console.log(`  facilitator: ${base}${links.facilitate}`);
    console.log(`  participant: ${base}${links.edit}`);
    console.log(`  view-only:   ${base}${links.view}`);
  }
} finally {
  await store.close();
}
