// `npm run migrate-store`: a board on the embedded store, with its links, a personal link,
// an open round with a deadline and a sealed answer, moved to PostgreSQL by the command;
// a relay on PostgreSQL then serves it whole through the same links. Running the command
// again changes nothing.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer } from '../../shared/access.ts';
import { addBelief, listBeliefs, setPosition, upsertParticipant } from '../../shared/model.ts';
import type { PersonalLinkResponse } from '../../shared/protocol.ts';
import { readWorkshop } from '../../shared/workshop.ts';
import { startServer } from '../../server/app.ts';
import { PgStore } from '../../server/store/pgStore.ts';
import { boardContent } from '../helpers/boardContent.ts';
import { accessOf, connectProvider, participantSecretFor, startTestRelay, waitFor, waitSynced, writeAs } from '../helpers/relay.ts';
import { startPostgres, type PostgresServer } from '../helpers/services.ts';
import { WorkshopClient } from '../helpers/workshopClient.ts';

const run = promisify(execFile);
const TSX = path.resolve('node_modules/.bin/tsx');
let postgres: PostgresServer;

beforeAll(async () => {
  postgres = await startPostgres();
});

afterAll(async () => {
  await postgres?.destroy();
});

it('moves boards, links and workshop state from LevelDB to PostgreSQL, and does nothing more when run again', async () => {
  const relay = await startTestRelay({ staticDir: null });
  const boardId = await relay.createBoard('Moving house', 'belief-map');
  const fiona = { id: 'fiona', secret: participantSecretFor('fiona') };
  const facilitator = await WorkshopClient.open(relay.wsUrl, boardId, { role: 'facilitate', participant: fiona });
  const kept = addBelief(facilitator.doc, { text: 'Kept as it was', x: 0, y: 0, authorId: 'fiona' }, 'local');
  const sealedOn = addBelief(facilitator.doc, { text: 'Answered under seal', x: 300, y: 0, authorId: 'fiona' }, 'local');
  await writeAs(relay.wsUrl, boardId, 'ana', (doc) => {
    upsertParticipant(doc, { id: 'ana', name: 'Ana', color: '#e03131' }, 'ana');
    setPosition(doc, kept, 'ana', { agreement: 2, direction: 1 }, 'ana');
  });
  const made = await fetch(`${relay.server.url}/api/boards/${boardId}/personal-links`, {
    method: 'POST',
    headers: { Authorization: bearer(accessOf(boardId).secrets.facilitate), 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Maya' }),
  });
  const personal = (await made.json()) as PersonalLinkResponse;
  facilitator.send({ kind: 'startRound', beliefIds: [sealedOn], deadline: Date.now() + 3_600_000, autoReveal: false });
  const ana = await WorkshopClient.open(relay.wsUrl, boardId, { participant: { id: 'ana', secret: participantSecretFor('ana') } });
  await waitFor(() => readWorkshop(ana.doc).round?.status === 'open', 5_000, 'the round');
  ana.send({ kind: 'seal', beliefId: sealedOn, agreement: -1, direction: null });
  await waitFor(() => (readWorkshop(facilitator.doc).round?.answered[sealedOn] ?? []).length === 1, 5_000, 'the sealed answer');
  const before = boardContent(facilitator.doc);
  await facilitator.close();
  await ana.close();
  await relay.server.close();

  const databaseUrl = await postgres.createDatabase();
  const first = await run(TSX, ['server/cli/migrateStore.ts', '--from', relay.dataDir, '--to', databaseUrl]);
  expect(first.stdout).toMatch(/Copied 1 board\(s\); merged 0/);

  const store = await PgStore.open(databaseUrl);
  expect((await store.loadDeadlines()).get(boardId)).toBeGreaterThan(Date.now());
  const server = await startServer({ port: 0, host: '127.0.0.1', store, staticDir: null, log: () => {} });
  try {
    const wsUrl = `ws://127.0.0.1:${server.port}/ws`;
    // The same participant link opens it, with everything in it.
    const reader = connectProvider(wsUrl, boardId, { as: 'reader' });
    await waitSynced(reader.provider);
    expect(boardContent(reader.doc)).toEqual(before);
    reader.destroy();
    // Ana's sealed answer came along, still sealed, still hers.
    const anaAgain = await WorkshopClient.open(wsUrl, boardId, { participant: { id: 'ana', secret: participantSecretFor('ana') } });
    await waitFor(() => anaAgain.last('mySealed') !== undefined, 5_000, 'Ana’s sealed answers');
    expect(anaAgain.last('mySealed')?.positions).toMatchObject([{ beliefId: sealedOn, agreement: -1 }]);
    expect(listBeliefs(anaAgain.doc).map((belief) => belief.text).sort()).toEqual(['Answered under seal', 'Kept as it was']);
    await anaAgain.close();
    // Maya's personal link still names her.
    const secret = new URL(personal.link, 'http://x').hash.slice('#k='.length);
    const access = await (await fetch(`${server.url}/api/boards/${boardId}/access`, { headers: { Authorization: bearer(secret) } })).json();
    expect(access).toMatchObject({ role: 'edit', participant: { id: personal.participantId, name: 'Maya' } });
  } finally {
    await server.close();
  }

  // Again: nothing doubled, nothing lost.
  const second = await run(TSX, ['server/cli/migrateStore.ts', '--from', relay.dataDir, '--to', databaseUrl]);
  expect(second.stdout).toMatch(/Copied 0 board\(s\); merged 1/);
  const again = await PgStore.open(databaseUrl);
  try {
    const { Doc, applyUpdate } = await import('yjs');
    const doc = new Doc();
    applyUpdate(doc, (await again.loadBoard(boardId))!.state);
    expect(boardContent(doc)).toEqual(before);
  } finally {
    await again.close();
    await relay.close();
  }
});
