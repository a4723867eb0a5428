// `npm run board-links -- <boardId>`: mints new facilitator, participant and view-only
// links for one board and prints them on this terminal. For an operator: a board made
// before links had secrets, or a facilitator who lost their link. On the embedded store
// (DATA_DIR) the server must be stopped (LevelDB allows one process at a time); with
// DATABASE_URL it works on the cluster's record while relays run (old sessions stay until
// they reconnect). Every older link of the board stops working. BASE_URL (e.g.
// https://beliefs.example.org) makes the links whole.
import { isBoardId } from '../../shared/ids.ts';
import { mintAllSecrets } from '../access/boardAccess.ts';
import { CliError, dataDirFromEnv, openStore, runCli } from './openStore.ts';

runCli(async () => {
  const boardId = process.argv[2];
  if (!isBoardId(boardId)) throw new CliError('Usage: npm run board-links -- <boardId>   (the 22-character id after /b/ in a board link)');
  const base = (process.env.BASE_URL ?? '').replace(/\/$/, '');
  const store = await openStore(dataDirFromEnv());
  try {
    if (!(await store.hasBoard(boardId))) throw new CliError(`There is no board ${boardId} in this store.`);
    const links = await mintAllSecrets(store, boardId);
    console.log(`New links for board ${boardId} (every older link of this board no longer works):`);
    console.log(`  facilitator: ${base}${links.facilitate}`);
    console.log(`  participant: ${base}${links.edit}`);
    console.log(`  view-only:   ${base}${links.view}`);
  } finally {
    await store.close();
  }
});
