// `npm start` as a self-hoster runs it: scripts/start.mjs bundles the server when the
// bundle is missing or older than the sources and runs the bundle (scripts/serverBundle.mjs
// says why), serving the built app and the relay on one port. A bundle that lost a path
// (the app's folder beside it, Yjs for the merge worker) or a module would fail here.
import { mkdtemp, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { addBelief, listBeliefs } from '../../shared/model.ts';
import { createBoardAt, spawnRelay } from '../helpers/childRelay.ts';
import { connectProvider, waitFor, waitSynced } from '../helpers/relay.ts';

const BUNDLE = 'dist-server/main.mjs';

it('npm start serves the app and keeps a board across a restart, from a bundle it rebuilds when the sources are newer', async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-start-'));
  onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
  // A bundle older than server/ must be made again before the relay starts.
  const sourcesChanged = (await stat('server/main.ts')).mtime;
  const old = new Date(sourcesChanged.getTime() - 60_000);
  await utimes(BUNDLE, old, old).catch(() => {});

  let relay = await spawnRelay(dataDir, 0, 'scripts/start.mjs');
  onTestFinished(() => void relay.stop('SIGKILL'));
  expect((await stat(BUNDLE)).mtimeMs).toBeGreaterThan(sourcesChanged.getTime() - 1);

  const page = await fetch(`${relay.url}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root"></div>');

  const { id, editSecret } = await createBoardAt(relay.url, 'Started');
  const alice = connectProvider(relay.wsUrl, id, { secret: editSecret, as: 'alice-start-0001' });
  await waitSynced(alice.provider);
  addBelief(alice.doc, { text: 'We ship on Fridays', x: 0, y: 0, authorId: 'alice-start-0001' }, 'alice');
  const bob = connectProvider(relay.wsUrl, id, { secret: editSecret });
  await waitFor(() => listBeliefs(bob.doc).some((belief) => belief.text === 'We ship on Fridays'), 5_000, 'Bob to see the belief');
  alice.destroy();
  bob.destroy();

  // SIGTERM saves and closes; the next start reads the board back.
  expect((await relay.stop('SIGTERM')).code).toBe(0);
  relay = await spawnRelay(dataDir, relay.port, 'scripts/start.mjs');
  const carol = connectProvider(relay.wsUrl, id, { secret: editSecret });
  onTestFinished(() => carol.destroy());
  await waitFor(() => listBeliefs(carol.doc).some((belief) => belief.text === 'We ship on Fridays'), 5_000, 'the belief after a restart');
});
