// The HTTP side of the server: health, the board API, board pages and static files.
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeveldbPersistence } from 'y-leveldb';
import { bearer } from '../../shared/access.ts';
import { isBoardId, newBoardId } from '../../shared/ids.ts';
import { MAX_API_BODY_BYTES, MAX_API_JSON_DEPTH } from '../../shared/limits.ts';
import { addBelief, readBoardMeta } from '../../shared/model.ts';
import { SCHEMA_VERSION } from '../../shared/schema.ts';
import type { CreateBoardResponse } from '../../shared/protocol.ts';
import { compressedCopies } from '../../scripts/compressPlugin.ts';
import { accessOf, connectProvider, rememberCreatedBoard, startTestRelay, waitFor, waitSynced, type TestRelay } from '../helpers/relay.ts';

const INDEX_HTML = '<!doctype html><title>Beliefmap test shell</title><div id="root"></div>';
const BOARD_HTML = '<!doctype html><title>Beliefmap test shell</title><link rel="modulepreload" href="/assets/page-9a8b.js"><div id="root"></div>';
/** A built script large enough to be worth compressing, with the copies the build writes beside it. */
const PAGE_SCRIPT = Array.from({ length: 400 }, (_, i) => `export const note${i} = "belief ${i}";`).join('\n');
const SERVICE_WORKER = 'self.addEventListener("fetch", () => {});';
let relay: TestRelay;
let siteDir: string;

beforeAll(async () => {
  // The static dir sits inside a parent that also holds a secret, to catch traversal.
  siteDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-site-'));
  const staticDir = path.join(siteDir, 'dist');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), INDEX_HTML);
  await writeFile(path.join(staticDir, 'assets', 'app-3f2a.js'), 'console.log("app")');
  await writeFile(path.join(staticDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(path.join(staticDir, 'sw.js'), SERVICE_WORKER);
  await writeFile(path.join(staticDir, 'board.html'), BOARD_HTML);
  await writeFile(path.join(siteDir, 'secret.txt'), 'do not serve');
  for (const file of [path.join(staticDir, 'assets', 'page-9a8b.js'), path.join(staticDir, 'late.js')]) {
    await writeFile(file, PAGE_SCRIPT);
    const copies = (await compressedCopies(Buffer.from(PAGE_SCRIPT)))!;
    await writeFile(`${file}.gz`, copies.gzip);
    await writeFile(`${file}.br`, copies.brotli!);
  }
  relay = await startTestRelay({ staticDir });
});

afterAll(async () => {
  await relay.close();
  await rm(siteDir, { recursive: true, force: true });
});

/** A GET or HEAD as a browser sends it, with the body as received (fetch would decompress it). */
function getAs(rawPath: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: relay.server.port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function post(body: string | undefined): Promise<Response> {
  return fetch(`${relay.server.url}/api/boards`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
}

/** A GET with the path sent exactly as written (fetch would normalise `..` away). */
function rawGet(rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: relay.server.port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('http', () => {
  it('reports health as JSON', async () => {
    const response = await fetch(`${relay.server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const health = await response.json();
    expect(health).toMatchObject({ ok: true, boardsLoaded: 0, connections: 0 });
    expect(health.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('sets the safety headers on every response', async () => {
    for (const url of ['/healthz', '/', `/b/${newBoardId()}`, '/nothing-here']) {
      const response = await fetch(`${relay.server.url}${url}`);
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), url).toBe('no-referrer');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, url).toMatch(/script-src 'self'(;|$)/);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toContain('unsafe-inline');
    }
  });

  it('creates a board with a title and template that a provider then opens', async () => {
    const response = await post(JSON.stringify({ title: '  Q3 beliefs  ', template: 'belief-map' }));
    expect(response.status).toBe(201);
    const { id, url } = await response.json();
    expect(isBoardId(id)).toBe(true);
    expect(url).toMatch(new RegExp(`^/b/${id}#k=[A-Za-z0-9_-]{22}$`));
    expect(response.headers.get('location')).toBe(`/b/${id}`);

    const reader = connectProvider(relay.wsUrl, id, { secret: new URL(url, relay.server.url).hash.slice('#k='.length) });
    try {
      await waitSynced(reader.provider);
      expect(readBoardMeta(reader.doc)).toMatchObject({ title: 'Q3 beliefs', template: 'belief-map', schemaVersion: SCHEMA_VERSION });
    } finally {
      reader.destroy();
    }
  });

  it('creates a blank board from an empty body, each with a new id', async () => {
    const [first, second] = await Promise.all([post(undefined), post('')]);
    expect([first.status, second.status]).toEqual([201, 201]);
    const [a, b] = [await first.json(), await second.json()];
    expect(a.id).not.toBe(b.id);
  });

  it('refuses bodies it cannot use with 400 and words, and big ones with 413', async () => {
    for (const body of ['{"title":', '[1,2]', '"just text"', 'null', '{"template":"kanban"}', '{"title":42}']) {
      const response = await post(body);
      expect(response.status, body).toBe(400);
      const { error } = await response.json();
      expect(typeof error, body).toBe('string');
      expect(error.length, body).toBeGreaterThan(10);
    }
    const huge = await post(JSON.stringify({ title: 'x'.repeat(MAX_API_BODY_BYTES) }));
    expect(huge.status).toBe(413);
    expect((await huge.json()).error).toMatch(/larger than/);
  });

  it('answers other methods on the API with 405', async () => {
    const response = await fetch(`${relay.server.url}/api/boards`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('serves the app for a created board and a no-board page for any other link', async () => {
    const { id } = await (await post('{}')).json();
    const page = await fetch(`${relay.server.url}/b/${id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    // The shell that preloads the board page's scripts (scripts/pagePreloadPlugin.ts).
    expect(await page.text()).toBe(BOARD_HTML);

    for (const missing of [newBoardId(), 'not-an-id', 'x'.repeat(10_000), '%00'.repeat(22)]) {
      const response = await fetch(`${relay.server.url}/b/${missing}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      const html = await response.text();
      expect(html).toContain('There is no board at this link');
      expect(html).toContain('href="/"');
    }
  });

  it('answers any other address in words with a way home, and a missing asset briefly', async () => {
    for (const lost of ['/boards/xyz', '/b', '/settings/profile']) {
      const response = await fetch(`${relay.server.url}${lost}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      const html = await response.text();
      expect(html).toContain('There is nothing at this address');
      expect(html).toContain('<a href="/">');
    }
    const asset = await fetch(`${relay.server.url}/assets/gone-1234.js`);
    expect(asset.status).toBe(404);
    expect(await asset.text()).toBe('Nothing here.');
  });

  it('gives the board\'s title with the role only when asked for it', async () => {
    const created = (await (await post('{"title": "Our retro"}')).json()) as CreateBoardResponse;
    rememberCreatedBoard(created);
    const secret = accessOf(created.id).secrets.view;
    const ask = async (query: string) =>
      (await (await fetch(`${relay.server.url}/api/boards/${created.id}/access${query}`, { headers: { Authorization: bearer(secret) } })).json()) as Record<string, unknown>;
    expect(await ask('?title=1')).toEqual({ role: 'view', title: 'Our retro' });
    expect(await ask('')).toEqual({ role: 'view' });
  });

  it('serves the home page and static files with content types and caching', async () => {
    const home = await fetch(`${relay.server.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toBe(INDEX_HTML);

    const script = await fetch(`${relay.server.url}/assets/app-3f2a.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/text\/javascript/);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const icon = await fetch(`${relay.server.url}/favicon.svg`);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).not.toMatch(/immutable/);

    expect((await fetch(`${relay.server.url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${relay.server.url}/assets`)).status).toBe(404);
  });

  it('sends the build\'s brotli or gzip copy of a file to a browser that accepts it, and the file itself otherwise', async () => {
    const asked = async (acceptEncoding: string | null, method = 'GET') =>
      getAs('/assets/page-9a8b.js', acceptEncoding === null ? {} : { 'Accept-Encoding': acceptEncoding }, method);

    const brotli = await asked('gzip, deflate, br, zstd');
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers.vary).toBe('Accept-Encoding');
    expect(brotli.headers['content-type']).toMatch(/text\/javascript/);
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(brotli.headers['content-length'])).toBe(brotli.body.length);
    expect(brotli.body.length).toBeLessThan(PAGE_SCRIPT.length / 4);
    expect(brotliDecompressSync(brotli.body).toString()).toBe(PAGE_SCRIPT);

    for (const onlyGzip of ['gzip', 'br;q=0, gzip;q=0.8', 'GZIP, deflate']) {
      const gzip = await asked(onlyGzip);
      expect(gzip.headers['content-encoding'], onlyGzip).toBe('gzip');
      expect(gunzipSync(gzip.body).toString()).toBe(PAGE_SCRIPT);
    }
    for (const neither of [null, 'identity', 'deflate', 'gzip;q=0, br;q=0']) {
      const plain = await asked(neither);
      expect(plain.headers['content-encoding'], String(neither)).toBeUndefined();
      expect(plain.body.toString()).toBe(PAGE_SCRIPT);
      expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(PAGE_SCRIPT));
    }
    const head = await asked('br', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('br');
    expect(Number(head.headers['content-length'])).toBe(brotli.body.length);
    expect(head.body.length).toBe(0);
  });

  it('sends a board\'s history and its exports gzip-compressed to a client that takes gzip, and as they are otherwise', async () => {
    const boardId = await relay.createBoard('Compressed answers');
    const writer = connectProvider(relay.wsUrl, boardId, { as: 'p-writer-0000001' });
    await waitSynced(writer.provider);
    // One at a time, so that each is a moment of its own in the history.
    for (let i = 0; i < 40; i++) {
      addBelief(writer.doc, { text: `Belief ${i}: our customers read the release notes`, x: i * 240, y: 0, authorId: 'p-writer-0000001' }, 'test');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const authorization = bearer(accessOf(boardId).secrets.view);
    const history = `/api/boards/${boardId}/history/log`;
    await waitFor(async () => (JSON.parse((await getAs(history, { Authorization: authorization })).body.toString()) as { entries: unknown[] }).entries.length > 0, 5_000, 'the beliefs in the log');
    writer.destroy();

    for (const route of [history, `/api/boards/${boardId}/history`, `/api/boards/${boardId}/export.json`, `/api/boards/${boardId}/export.md`, `/api/boards/${boardId}/summary.csv`]) {
      const plain = await getAs(route, { Authorization: authorization, 'Accept-Encoding': 'identity' });
      const gzip = await getAs(route, { Authorization: authorization, 'Accept-Encoding': 'gzip, deflate, br' });
      expect(plain.status, route).toBe(200);
      expect(plain.headers['content-encoding'], route).toBeUndefined();
      expect(Number(plain.headers['content-length'])).toBe(plain.body.length);
      expect(gzip.headers['content-encoding'], route).toBe('gzip');
      expect(gzip.headers.vary).toBe('Accept-Encoding');
      expect(Number(gzip.headers['content-length'])).toBe(gzip.body.length);
      expect(gzip.body.length, route).toBeLessThan(plain.body.length / 2);
      // An export names the moment it was made: the rest is the same.
      const same = (body: Buffer) => body.toString().replace(/"exportedAt":\s*\d+/, '');
      expect(same(gunzipSync(gzip.body)), route).toBe(same(plain.body));
      if (route.includes('/history')) continue;
      // An export answers HEAD too, with the headers its GET has.
      const head = await getAs(route, { Authorization: authorization, 'Accept-Encoding': 'gzip' }, 'HEAD');
      expect(head.headers['content-encoding']).toBe('gzip');
      expect(head.body.length).toBe(0);
    }
    // A refusal stays short and plain.
    const refused = await getAs(history, { Authorization: bearer('x'.repeat(22)), 'Accept-Encoding': 'gzip' });
    expect(refused.status).toBe(401);
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('sends a file changed under the running server as it is now, never a copy from an earlier build', async () => {
    const file = path.join(siteDir, 'dist', 'late.js');
    expect(brotliDecompressSync((await getAs('/late.js', { 'Accept-Encoding': 'br' })).body).toString()).toBe(PAGE_SCRIPT);
    // A new build wrote the file but (yet) no copies: those beside it are older.
    const rebuilt = `${PAGE_SCRIPT}\nexport const rebuilt = true;`;
    await writeFile(file, rebuilt);
    const later = new Date(Date.now() + 5_000);
    await utimes(file, later, later);
    const fresh = await getAs('/late.js', { 'Accept-Encoding': 'gzip, br' });
    expect(fresh.headers['content-encoding']).toBeUndefined();
    expect(fresh.body.toString()).toBe(rebuilt);
  });

  it('serves the service worker as JavaScript that browsers revalidate, under the CSP', async () => {
    // A worker kept "immutable" would pin every browser to the old app after a deploy.
    const worker = await fetch(`${relay.server.url}/sw.js`);
    expect(worker.status).toBe(200);
    expect(await worker.text()).toBe(SERVICE_WORKER);
    expect(worker.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    expect(worker.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    // At the root, its scope is the whole origin: no Service-Worker-Allowed needed.
    expect(worker.headers.get('service-worker-allowed')).toBeNull();
  });

  it('never serves a file outside the static directory', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..\\secret.txt',
      '/%00',
      '/index.html%00.js',
      '/%E0%A4%A',
    ];
    for (const attempt of attempts) {
      const { status, body } = await rawGet(attempt);
      expect([400, 404], attempt).toContain(status);
      expect(body, attempt).not.toContain('do not serve');
    }
  });
});

describe('POST bodies: JSON only, nested within limits, refusals spend no quota', () => {
  const QUOTA = 3;

  /** A POST to `path` with exactly these headers and body. */
  function postRaw(base: string, path: string, headers: Record<string, string>, body?: string): Promise<Response> {
    return fetch(`${base}${path}`, { method: 'POST', headers, body });
  }

  async function expectRefused(response: Response, status: number, words: RegExp): Promise<void> {
    expect(response.status).toBe(status);
    const { error } = await response.json();
    expect(error).toMatch(words);
  }

  it('refuses what another site\'s page could send, and too deep or malformed JSON, without creating a board or spending the quota', async () => {
    const quotaRelay = await startTestRelay({ limits: { maxBoardsPerIpPerMinute: QUOTA } });
    const base = quotaRelay.server.url;
    const created: string[] = [];
    try {
      const title = JSON.stringify({ title: 'From another site' });
      // What a cross-site form or a fetch without preflight can send.
      await expectRefused(await postRaw(base, '/api/boards', { 'Content-Type': 'text/plain;charset=UTF-8' }, title), 415, /Content-Type: application\/json/);
      await expectRefused(await postRaw(base, '/api/boards', { 'Content-Type': 'application/x-www-form-urlencoded' }, 'title=From+another+site'), 415, /JSON only/);
      const form = new FormData();
      form.set('title', 'From another site');
      await expectRefused(await fetch(`${base}/api/boards`, { method: 'POST', body: form }), 415, /JSON only/);
      // No body at all still needs the header: a blank board is a board.
      await expectRefused(await postRaw(base, '/api/boards', {}), 415, /even when there is no body/);
      await expectRefused(await postRaw(base, '/api/boards', { 'Content-Type': 'application/json; charset=latin1' }, title), 415, /charset=utf-8/);
      await expectRefused(await postRaw(base, '/api/boards', { 'Content-Type': 'application/jsonx' }, title), 415, /JSON only/);

      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      await expectRefused(await postRaw(base, '/api/boards', { 'Content-Type': 'application/json' }, deep), 400, new RegExp(`more than ${MAX_API_JSON_DEPTH} levels deep`));
      // The server is still there for the next request.
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const deepInSnapshot = JSON.stringify({ format: 'beliefmap-snapshot', version: 1 }).replace('}', `,"x":${'{"a":'.repeat(MAX_API_JSON_DEPTH)}1${'}'.repeat(MAX_API_JSON_DEPTH)}}`);
      await expectRefused(await postRaw(base, '/api/boards', { 'Content-Type': 'application/json' }, deepInSnapshot), 400, /levels deep/);
      for (const malformed of ['{"title":', '{title: "x"}', '[1,]', '\u0000']) {
        await expectRefused(await postRaw(base, '/api/boards', { 'Content-Type': 'application/json' }, malformed), 400, /not valid JSON/);
      }
      await expectRefused(await postRaw(base, '/api/boards', { 'Content-Type': 'application/json' }, '{"template":"kanban"}'), 400, /no template "kanban"/);

      // The whole quota is still there: JSON with or without a charset, or no body.
      for (const contentType of ['application/json', 'Application/JSON; charset="UTF-8"', 'application/json;charset=utf-8']) {
        const response = await postRaw(base, '/api/boards', { 'Content-Type': contentType }, contentType === 'application/json' ? undefined : title);
        expect(response.status, contentType).toBe(201);
        created.push(rememberCreatedBoard((await response.json()) as CreateBoardResponse));
      }
      await expectRefused(await postRaw(base, '/api/boards', { 'Content-Type': 'application/json' }, title), 429, /Too many boards/);

      // Rotation needs no body, and still says JSON: a text/plain POST changes no link.
      const { facilitate, edit } = accessOf(created[0]).secrets;
      const rotate = (headers: Record<string, string>) => postRaw(base, `/api/boards/${created[0]}/rotate`, { Authorization: bearer(facilitate), ...headers });
      await expectRefused(await rotate({ 'Content-Type': 'text/plain' }), 415, /JSON only/);
      await expectRefused(await rotate({}), 415, /JSON only/);
      const stillValid = await fetch(`${base}/api/boards/${created[0]}/access`, { headers: { Authorization: bearer(edit) } });
      expect(stillValid.status).toBe(200);
      expect((await rotate({ 'Content-Type': 'application/json' })).status).toBe(200);
    } finally {
      await quotaRelay.server.close();
    }
    // Only the boards answered 201 were stored.
    const stored = new LeveldbPersistence(quotaRelay.dataDir);
    try {
      expect((await stored.getAllDocNames()).sort()).toEqual([...created].sort());
    } finally {
      await stored.destroy();
      await rm(quotaRelay.dataDir, { recursive: true, force: true });
    }
  });
});
