// Serves the built client from one directory. Paths are decoded, resolved and checked to
// stay inside that directory; hashed files under /assets/ are cached for good.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
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

export type StaticResult = 'served' | 'not-found' | 'bad-path';

export class StaticFiles {
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** The app shell, for every page the client routes itself. */
  async serveApp(res: ServerResponse, headOnly: boolean): Promise<void> {
    const served = await this.sendFile(path.join(this.root, 'index.html'), REVALIDATE, res, headOnly);
    if (!served) sendText(res, 503, 'The client is not built yet: run `npm run build` (or `npm start`, which builds it).');
  }

  /** A file for a URL path such as `/assets/index-3f2a.js`. */
  async serveFile(urlPath: string, res: ServerResponse, headOnly: boolean): Promise<StaticResult> {
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
    return (await this.sendFile(file, cacheControl, res, headOnly)) ? 'served' : 'not-found';
  }

  private async sendFile(file: string, cacheControl: string, res: ServerResponse, headOnly: boolean): Promise<boolean> {
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return false;
    res.writeHead(200, {
      'Content-Type': (Object.hasOwn(CONTENT_TYPES, path.extname(file).toLowerCase()) ? CONTENT_TYPES[path.extname(file).toLowerCase()] : undefined) ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': cacheControl,
    });
    if (headOnly) {
      res.end();
      return true;
    }
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
    return true;
  }
}
