// Serves the built client from one directory. Paths are decoded, resolved and checked to
// stay inside that directory; hashed files under /assets/ are cached for good.
// Files are held in memory with the gzip and brotli copies the build wrote beside them
// (scripts/compressPlugin.ts) and each is sent in one write: a page's scripts then leave
// at once, even when the relay's thread is about to be busy for a moment (loading a big
// board the page's first script asked about, docs/performance.md), instead of needing a
// turn of the event loop for every 64 KB read from disk.
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import path from 'node:path';
import { acceptedEncodings, type Encoding } from './acceptEncoding.ts';
import { sendText } from './responses.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** Vite puts a content hash in every name under assets/, so a name never changes content. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** The shell for board links, which the build writes beside index.html (vite.config.ts). */
export const BOARD_HTML = 'board.html';

/** Larger files (source maps, mostly) are read from disk on each request instead of held. */
const HELD_AT_MOST = 1024 * 1024;

/** A file held in memory, with the compressed copies the build wrote for it. */
interface HeldFile {
  raw: Buffer;
  copies: Partial<Record<Encoding, Buffer>>;
  /** What the file was on disk when read, to notice a new build under a running server. */
  mtimeMs: number;
  size: number;
}

export type StaticResult = 'served' | 'not-found' | 'bad-path';

export class StaticFiles {
  private readonly root: string;
  /** Keyed by resolved paths of files that exist inside the root: bounded by the build. */
  private readonly held = new Map<string, HeldFile>();

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /**
   * Reads the build into memory ahead of the first visit, so that visit's files leave in one
   * write each too. Started with the server, not awaited: a file asked for before its turn
   * is read then, as any other time.
   */
  async warm(): Promise<void> {
    const names = await readdir(this.root, { recursive: true }).catch(() => [] as string[]);
    for (const name of names) {
      if (/\.(map|gz|br)$/.test(name)) continue;
      const file = path.join(this.root, name);
      const info = await stat(file).catch(() => null);
      if (info?.isFile() && info.size <= HELD_AT_MOST) await this.hold(file, info.mtimeMs, info.size);
    }
  }

  /**
   * The app shell, for every page the client routes itself. A board link gets the shell that
   * preloads the board page's chunks (scripts/pagePreloadPlugin.ts), when the build has one.
   */
  async serveApp(res: ServerResponse, headOnly: boolean, requestHeaders: IncomingHttpHeaders, page: 'home' | 'board'): Promise<void> {
    const served =
      (page === 'board' && (await this.sendFile(path.join(this.root, BOARD_HTML), REVALIDATE, res, headOnly, requestHeaders))) ||
      (await this.sendFile(path.join(this.root, 'index.html'), REVALIDATE, res, headOnly, requestHeaders));
    if (!served) sendText(res, 503, 'The client is not built yet: run `npm run build` (or `npm start`, which builds it).');
  }

  /** A file for a URL path such as `/assets/index-3f2a.js`. */
  async serveFile(urlPath: string, res: ServerResponse, headOnly: boolean, requestHeaders: IncomingHttpHeaders): Promise<StaticResult> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return 'bad-path';
    }
    if (decoded.includes('\0')) return 'bad-path';
    const file = path.join(this.root, decoded);
    if (!file.startsWith(this.root + path.sep)) return 'bad-path';
    const cacheControl = urlPath.startsWith('/assets/') ? IMMUTABLE : REVALIDATE;
    return (await this.sendFile(file, cacheControl, res, headOnly, requestHeaders)) ? 'served' : 'not-found';
  }

  private async sendFile(file: string, cacheControl: string, res: ServerResponse, headOnly: boolean, requestHeaders: IncomingHttpHeaders): Promise<boolean> {
    const extension = path.extname(file).toLowerCase();
    const headers: Record<string, string | number> = {
      'Content-Type': (Object.hasOwn(CONTENT_TYPES, extension) ? CONTENT_TYPES[extension] : undefined) ?? 'application/octet-stream',
      'Cache-Control': cacheControl,
    };
    // Hashed assets never change under their name, so once held they need no look at the disk.
    const held = cacheControl === IMMUTABLE ? this.held.get(file) : undefined;
    const info = held ? null : await stat(file).catch(() => null);
    if (!held && !info?.isFile()) return false;
    const current = held ?? (info!.size <= HELD_AT_MOST ? await this.hold(file, info!.mtimeMs, info!.size) : null);
    if (!current) {
      res.writeHead(200, { ...headers, 'Content-Length': info!.size });
      if (headOnly) return (res.end(), true);
      const stream = createReadStream(file);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
      return true;
    }
    const accepted = acceptedEncodings(requestHeaders['accept-encoding']);
    const encoding = (['br', 'gzip'] as const).find((name) => current.copies[name] && accepted.has(name));
    const body = encoding ? current.copies[encoding]! : current.raw;
    if (Object.keys(current.copies).length > 0) headers.Vary = 'Accept-Encoding';
    if (encoding) headers['Content-Encoding'] = encoding;
    res.writeHead(200, { ...headers, 'Content-Length': body.length });
    res.end(headOnly ? undefined : body);
    return true;
  }

  /** Reads a file and its compressed copies into memory, or gives what is held if unchanged. */
  private async hold(file: string, mtimeMs: number, size: number): Promise<HeldFile | null> {
    const known = this.held.get(file);
    if (known && known.mtimeMs === mtimeMs && known.size === size) return known;
    const raw = await readFile(file).catch(() => null);
    if (!raw) return null;
    const copies: HeldFile['copies'] = {};
    for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']] as const) {
      // A copy older than its file is from an earlier build: sending it would undo the change.
      const copyInfo = await stat(file + suffix).catch(() => null);
      if (!copyInfo?.isFile() || copyInfo.mtimeMs < mtimeMs) continue;
      const copy = await readFile(file + suffix).catch(() => null);
      if (copy) copies[encoding] = copy;
    }
    const entry: HeldFile = { raw, copies, mtimeMs, size };
    this.held.set(file, entry);
    return entry;
  }
}
