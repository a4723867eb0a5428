// Exports and imports against the real server and store: the HTTP endpoints (with and
// without a valid secret), snapshot import through POST /api/boards, and the command-line
// tools on a board made through the relay.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../shared/access.ts';
import { MAX_API_BODY_BYTES } from '../../shared/limits.ts';
import { addBelief, setBeliefText, setPosition, upsertParticipant } from '../../shared/model.ts';
import type { CreateBoardResponse } from '../../shared/protocol.ts';
import type { BoardSnapshot } from '../../shared/snapshot/format.ts';
import { boardContent } from '../helpers/boardContent.ts';
import { accessOf, connectProvider, rememberCreatedBoard, startTestRelay, waitFor, waitSynced, type TestRelay } from '../helpers/relay.ts';

const run = promisify(execFile);
const TSX = path.resolve('node_modules/.bin/tsx');

let relay: TestRelay;
let dataDir: string;
let boardId: string;

function get(board: string, file: string, secret?: string): Promise<Response> {
  return fetch(`${relay.server.url}/api/boards/${board}/${file}`, { headers: secret ? { Authorization: bearer(secret) } : {} });
}

async function snapshotOf(board: string): Promise<BoardSnapshot> {
  const response = await get(board, 'export.json', accessOf(board).secrets.view);
  expect(response.status).toBe(200);
  return (await response.json()) as BoardSnapshot;
}

function postSnapshot(body: unknown): Promise<Response> {
  return fetch(`${relay.server.url}/api/boards`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

/** A CLI tool run the way `npm run export` / `npm run import` runs it. */
function cli(tool: 'export' | 'import', args: string[]) {
  return run(TSX, [`server/cli/${tool}.ts`, ...args], { env: { ...process.env, DATA_DIR: dataDir, PUBLIC_URL: 'https://beliefs.example' } });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-exports-'));
  relay = await startTestRelay({ dataDir, staticDir: null });
  boardId = await relay.createBoard('Retro: "exports", commas & <tags>', 'belief-map');
  // Two people on the board through the relay, as in a workshop.
  const [ana, bo] = [connectProvider(relay.wsUrl, boardId, { as: 'ana' }), connectProvider(relay.wsUrl, boardId, { as: 'bo' })];
  await Promise.all([waitSynced(ana.provider), waitSynced(bo.provider)]);
  upsertParticipant(ana.doc, { id: 'ana', name: 'Ana', color: '#e03131' }, 'ana');
  upsertParticipant(bo.doc, { id: 'bo', name: 'Bo', color: '#2f9e44' }, 'bo');
  const first = addBelief(ana.doc, { text: 'We ship small', x: 300, y: -300, authorId: 'ana', color: 'green' }, 'ana');
  const second = addBelief(bo.doc, { text: 'Pricing, packaging\nneeds work 🚀', x: -700, y: 300, authorId: 'bo' }, 'bo');
  await waitFor(() => ana.doc.getMap('beliefs').size === 2, 5_000, 'both beliefs at Ana');
  setBeliefText(bo.doc, first, 'We ship small, often', 'bo');
  setPosition(ana.doc, first, 'ana', { agreement: 2, direction: 2 }, 'ana');
  setPosition(bo.doc, first, 'bo', { agreement: 1, direction: null }, 'bo');
  setPosition(bo.doc, second, 'bo', { agreement: 'pass', direction: -1 }, 'bo');
  await waitFor(async () => (await snapshotOf(boardId)).positions.length === 3, 5_000, 'the positions in the export');
  ana.destroy();
  bo.destroy();
});

afterAll(async () => {
  await relay.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('HTTP exports', () => {
  it('answer any of the board\'s secrets with the file, its type and a file name', async () => {
    for (const role of ['facilitate', 'edit', 'view'] as const) {
      const response = await get(boardId, 'export.md', accessOf(boardId).secrets[role]);
      expect(response.status, role).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(
        /^attachment; filename="Retro exports , commas & tags \d{4}-\d\d-\d\d\.md"; filename\*=UTF-8''Retro%20exports%20%2C%20commas%20%26%20tags%20\d{4}-\d\d-\d\d\.md$/,
      );
      const text = await response.text();
      expect(text).toContain('# Retro: "exports", commas \\& \\<tags\\>');
      expect(text).toContain('- We ship small, often\n  - n = 2');
      expect(text).toContain('- Pricing, packaging\\\n  needs work 🚀');
    }
    // fetch's text() drops a byte order mark; the file must start with one, for Excel.
    const csvBytes = await (await get(boardId, 'export.csv', accessOf(boardId).secrets.view)).arrayBuffer();
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csvBytes);
    expect(csv.startsWith('\uFEFFbelief_id,belief_text,participant_id,participant_name,agreement,direction,round,updated_at\r\n')).toBe(true);
    expect(csv.split('\r\n').filter((line) => line !== '')).toHaveLength(4);
    const summary = await get(boardId, 'summary.csv', accessOf(boardId).secrets.edit);
    expect(summary.headers.get('content-disposition')).toMatch(/\.summary\.csv"/);
    expect(await summary.text()).toContain('"Pricing, packaging\nneeds work 🚀",Needs positions,0,1,');
    // Two people cannot make opinion groups: the Markdown says so, the membership CSV is a header.
    expect(await (await get(boardId, 'export.md', accessOf(boardId).secrets.view)).text()).toContain(
      '## Where the groups differ\n\n_Not enough answers to see groups',
    );
    const groups = await get(boardId, 'groups.csv', accessOf(boardId).secrets.view);
    expect(groups.headers.get('content-disposition')).toMatch(/\.groups\.csv"/);
    expect(await groups.text()).toBe('participant_id,participant_name,group\r\n');
  });

  it('refuses without a secret, with a wrong one, for unknown boards and bad ids', async () => {
    const missing = await get(boardId, 'export.json');
    expect(missing.status).toBe(401);
    expect((await missing.json()).error).toMatch(/Authorization: Bearer/);
    expect((await get(boardId, 'export.md', 'A'.repeat(22))).status).toBe(401);
    expect((await get(boardId, 'export.csv', 'not a secret at all')).status).toBe(401);
    const otherBoard = await relay.createBoard('other');
    expect((await get(boardId, 'export.json', accessOf(otherBoard).secrets.facilitate)).status).toBe(401);
    expect((await get('AAAAAAAAAAAAAAAAAAAAAA', 'export.json', accessOf(boardId).secrets.view)).status).toBe(404);
    expect((await get('..%2F..%2Fetc', 'export.json', accessOf(boardId).secrets.view)).status).toBe(400);
    expect((await fetch(`${relay.server.url}/api/boards/${boardId}/export.json`, { method: 'POST' })).status).toBe(405);
  });
});

describe('snapshot import over HTTP', () => {
  it('makes a NEW board with new secrets, equal in everything the snapshot holds', async () => {
    const original = await snapshotOf(boardId);
    const response = await postSnapshot(original);
    expect(response.status).toBe(201);
    const created = (await response.json()) as CreateBoardResponse;
    const copyId = rememberCreatedBoard(created);
    expect(copyId).not.toBe(boardId);
    expect(accessOf(copyId).secrets.edit).not.toBe(accessOf(boardId).secrets.edit);
    const again = await snapshotOf(copyId);
    expect({ ...again, exportedAt: 0 }).toEqual({ ...original, exportedAt: 0 });

    // And through the relay, a participant sees the same board.
    const [a, b] = [connectProvider(relay.wsUrl, boardId), connectProvider(relay.wsUrl, copyId)];
    await Promise.all([waitSynced(a.provider), waitSynced(b.provider)]);
    expect(boardContent(b.doc)).toEqual(boardContent(a.doc));
    a.destroy();
    b.destroy();
  });

  it('refuses a damaged snapshot with words and creates nothing', async () => {
    const damaged = { ...(await snapshotOf(boardId)), beliefs: [{ id: 'x', text: 7 }] };
    const response = await postSnapshot(damaged);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('This snapshot cannot be imported: beliefs[0].text is not text.');
  });

  it('takes snapshots larger than an ordinary request, and still limits ordinary ones', async () => {
    const snapshot = await snapshotOf(boardId);
    const beliefs = Array.from({ length: 300 }, (_, i) => ({ ...snapshot.beliefs[0], id: `big-${i}`, text: `${i} `.padEnd(400, 'x') }));
    const big = { ...snapshot, beliefs, positions: [] };
    expect(JSON.stringify(big).length).toBeGreaterThan(MAX_API_BODY_BYTES);
    const response = await postSnapshot(big);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as CreateBoardResponse;
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await postSnapshot({ title: 'x'.repeat(MAX_API_BODY_BYTES) })).status).toBe(413);
  });
});

describe('command line', () => {
  it('says so clearly while the server holds the data directory', async () => {
    const failed = await cli('export', [boardId, '--format', 'md']).then(
      () => null,
      (error: { stderr: string; code: number }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/A running Beliefmap server holds this directory \(LevelDB allows one process at a time\)/);
  });

  it('exports from DATA_DIR without a server and imports a snapshot as a new board', async () => {
    const viaHttp = await (await get(boardId, 'export.md', accessOf(boardId).secrets.view)).text();
    const snapshot = await snapshotOf(boardId);
    await relay.server.close();
    try {
      const { stdout } = await cli('export', [boardId, '--format', 'md']);
      const withoutDate = (text: string) => text.replace(/^Exported .* UTC/m, 'Exported');
      expect(withoutDate(stdout)).toBe(withoutDate(viaHttp));

      const out = path.join(dataDir, '..', `beliefmap-export-${boardId}.json`);
      await cli('export', [boardId, '--format', 'json', '--out', out]);
      const written = JSON.parse(await readFile(out, 'utf8')) as BoardSnapshot;
      expect({ ...written, exportedAt: 0 }).toEqual({ ...snapshot, exportedAt: 0 });

      const bad = await cli('export', [boardId, '--format', 'pdf']).catch((error: { stderr: string }) => error.stderr);
      expect(bad).toMatch(/There is no format "pdf"/);

      const imported = await cli('import', [out]);
      const links = Object.fromEntries(
        [...imported.stdout.matchAll(/^(Facilitator|Participant|View-only) link: (\S+)$/gm)].map(([, name, url]) => [name, url]),
      );
      expect(Object.keys(links)).toEqual(['Facilitator', 'Participant', 'View-only']);
      expect(links.Participant).toMatch(/^https:\/\/beliefs\.example\/b\/[A-Za-z0-9_-]{22}#k=[A-Za-z0-9_-]{22}$/);
      await rm(out);

      const garbage = path.join(dataDir, '..', `beliefmap-garbage-${boardId}.json`);
      await writeFile(garbage, JSON.stringify({ format: 'beliefmap-snapshot', version: 1, title: 3 }));
      const refused = await cli('import', [garbage]).catch((error: { stderr: string }) => error.stderr);
      expect(refused).toMatch(/template must be one of blank, belief-map/);
      await rm(garbage);

      await relay.restart();
      const newId = new URL(links.Participant).pathname.split('/').pop()!;
      rememberCreatedBoard({ id: newId, url: links.Facilitator, links: { facilitate: links.Facilitator, edit: links.Participant, view: links['View-only'] } });
      expect({ ...(await snapshotOf(newId)), exportedAt: 0 }).toEqual({ ...snapshot, exportedAt: 0 });
    } finally {
      await relay.restart().catch(() => {});
    }
  });
});
