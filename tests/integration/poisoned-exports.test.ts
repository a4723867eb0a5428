// Poisoned boards written straight into a real LeveldbStore, past the relay (as boards
// stored before the relay checked writes are): every HTTP export and every command-line
// export answers with the file, never 500, and the JSON snapshot imports into a new board
// through POST /api/boards. Random boards are seeded: SEED=<n> reruns them.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mintAllSecrets } from '../../server/access/boardAccess.ts';
import { LeveldbStore } from '../../server/store/leveldbStore.ts';
import { bearer } from '../../shared/access.ts';
import { TEXT_EXPORTS, type TextExportId } from '../../shared/exports/textFormats.ts';
import { newBoardId } from '../../shared/ids.ts';
import { addBelief, setPosition } from '../../shared/model.ts';
import type { CreateBoardResponse } from '../../shared/protocol.ts';
import { metaMap } from '../../shared/schema.ts';
import type { BoardSnapshot } from '../../shared/snapshot/format.ts';
import { parseSnapshot } from '../../shared/snapshot/parse.ts';
import { buildPoisonedBoard, HEALTHY_BELIEFS, poisonedDoc, poisonPlan } from '../helpers/poisonedBoard.ts';
import { accessOf, rememberCreatedBoard, startTestRelay, type TestRelay } from '../helpers/relay.ts';

const run = promisify(execFile);
const TSX = path.resolve('node_modules/.bin/tsx');
const SEED = Number(process.env.SEED ?? Date.now() % 2 ** 31);
const ROUTES: Record<TextExportId, string> = { json: 'export.json', md: 'export.md', csv: 'export.csv', 'summary-csv': 'summary.csv', 'groups-csv': 'groups.csv', 'actions-csv': 'actions.csv' };

/** A board with no meta at all: beliefs and positions only. */
function boardWithoutMeta(): Y.Doc {
  const doc = new Y.Doc();
  addBelief(doc, { id: 'b-only', text: 'A board nobody created', x: 0, y: 0, authorId: 'p-1', createdAt: 1 }, 'hostile');
  setPosition(doc, 'b-only', 'p-1', { agreement: 1, direction: null, updatedAt: 1 }, 'hostile');
  return doc;
}

/** The poisoned board, also claiming to come from a newer Beliefmap: anyone can write meta. */
function boardClaimingNewerSchema(): Y.Doc {
  const doc = buildPoisonedBoard();
  metaMap(doc).set('schemaVersion', Infinity);
  return doc;
}

let dataDir: string;
let relay: TestRelay | undefined;
const boards: { name: string; id: string }[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-poisoned-'));
  console.info(`poisoned boards in the store: seed ${SEED} (rerun with SEED=${SEED})`);
  const random = fc.sample(poisonPlan, { seed: SEED, numRuns: 8 }).map((plan, index) => ({ name: `random ${index}`, doc: poisonedDoc(plan) }));
  const docs = [
    { name: 'poisoned', doc: buildPoisonedBoard() },
    { name: 'without meta', doc: boardWithoutMeta() },
    { name: 'claiming a newer schema', doc: boardClaimingNewerSchema() },
    ...random,
  ];
  const store = await LeveldbStore.open(dataDir);
  try {
    for (const { name, doc } of docs) {
      // One id in 64 starts with "-", which a command line reads as an option: the first
      // board always does, so the command-line export is tried with such an id every run.
      const id = boards.length === 0 ? `-${newBoardId().slice(1)}` : newBoardId();
      const links = await mintAllSecrets(store, id);
      await store.createBoard(id, Y.encodeStateAsUpdate(doc));
      rememberCreatedBoard({ id, url: links.facilitate, links });
      boards.push({ name, id });
    }
  } finally {
    await store.close();
  }
});

afterAll(async () => {
  await relay?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const boardNamed = (name: string) => boards.find((board) => board.name === name)!.id;

describe('command-line export of a poisoned board (no server running)', () => {
  it('writes every format', async () => {
    for (const name of ['poisoned', 'claiming a newer schema']) {
      for (const [index, format] of Object.keys(TEXT_EXPORTS).entries()) {
        // The board id before and after the options, as people type them.
        const args = index % 2 === 0 ? [boardNamed(name), '--format', format] : ['--format', format, boardNamed(name)];
        const { stdout } = await run(TSX, ['server/cli/export.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir } });
        // The group membership names people, not beliefs; these boards have too few for groups.
        if (format === 'groups-csv') {
          expect(stdout, name).toBe('\uFEFFparticipant_id,participant_name,group\r\n');
          continue;
        }
        expect(stdout.length, `${name}, ${format}`).toBeGreaterThan(100);
        if (format === 'json') expect(parseSnapshot(JSON.parse(stdout)).ok, name).toBe(true);
        // The Markdown names beliefs by their words, the CSV files by id too.
        expect(stdout, `${name}, ${format}`).toContain(format === 'md' ? HEALTHY_BELIEFS[0].text : HEALTHY_BELIEFS[0].id);
      }
    }
  });
});

describe('HTTP exports of poisoned boards', () => {
  beforeAll(async () => {
    relay = await startTestRelay({ dataDir, staticDir: null });
  });

  const get = (boardId: string, file: string) =>
    fetch(`${relay!.server.url}/api/boards/${boardId}/${file}`, { headers: { Authorization: bearer(accessOf(boardId).secrets.view) } });

  it('answer 200 with the file for every board and every format, never 500', async () => {
    for (const { name, id } of boards) {
      for (const [format, route] of Object.entries(ROUTES) as [TextExportId, string][]) {
        const response = await get(id, route);
        const body = await response.text();
        expect(response.status, `${name}: ${route} answered ${body.slice(0, 200)}`).toBe(200);
        expect(response.headers.get('content-type'), `${name}: ${route}`).toBe(TEXT_EXPORTS[format].contentType);
        expect(response.headers.get('content-disposition'), `${name}: ${route}`).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''/);
        if (format === 'json') {
          const parsed = parseSnapshot(JSON.parse(body));
          expect(parsed.ok ? 'accepted' : parsed.error, `${name}: the importer takes the snapshot`).toBe('accepted');
        }
      }
    }
  });

  it('show the healthy beliefs of the poisoned board in every format', async () => {
    const id = boardNamed('poisoned');
    const snapshot = (await (await get(id, 'export.json')).json()) as BoardSnapshot;
    expect(snapshot.beliefs.map((belief) => belief.id)).toEqual(expect.arrayContaining(HEALTHY_BELIEFS.map((belief) => belief.id)));
    expect(await (await get(id, 'export.md')).text()).toContain('We ship small, often');
    for (const route of ['export.csv', 'summary.csv']) expect(await (await get(id, route)).text()).toContain('"b-healthy-2"');
  });

  it('import the poisoned board\'s snapshot as a new board whose snapshot is the same', async () => {
    const original = await (await get(boardNamed('poisoned'), 'export.json')).json();
    const created = await fetch(`${relay!.server.url}/api/boards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(original),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const copyId = rememberCreatedBoard((await created.json()) as CreateBoardResponse);
    const copy = await (await get(copyId, 'export.json')).json();
    expect({ ...copy, exportedAt: 0 }).toEqual({ ...original, exportedAt: 0 });
  });
});
