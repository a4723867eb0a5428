// Small helpers for answering HTTP requests; every answer carries the same safety headers.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { acceptedEncodings } from './acceptEncoding.ts';

/**
 * The app's Content-Security-Policy: scripts and styles only from our own files (the
 * built index.html has no inline script, React sets styles through the CSSOM, which CSP
 * allows, and Konva draws on canvas), connections only to our own origin (ws: and wss:
 * included), and no page may frame ours.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Set on every response: a strict CSP, no MIME sniffing, no framing, and board links
 * never leak through Referer.
 */
export function applySecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  // For browsers that predate frame-ancestors.
  res.setHeader('X-Frame-Options', 'DENY');
}

/** Below this an answer goes as it is: compressing it would save less than it costs. */
const COMPRESS_AT_LEAST = 1024;

/**
 * A large answer — a board's history, an export — gzip-compressed when the request takes
 * gzip: a history page of a big board is up to half a megabyte of base64 that compresses
 * several times over. Only answers that hold no secret of the asker's (the link secret
 * comes in the Authorization header and is never echoed), so compressing them beside
 * attacker-written words over TLS gives nothing away (BREACH needs a secret in the body).
 * A HEAD request gets the headers a GET would.
 */
export function sendCompressible(req: IncomingMessage, res: ServerResponse, status: number, headers: OutgoingHttpHeaders, text: string): void {
  const raw = Buffer.from(text);
  const gzip = raw.length >= COMPRESS_AT_LEAST && acceptedEncodings(req.headers['accept-encoding']).has('gzip');
  const body = gzip ? gzipSync(raw, { level: 4 }) : raw;
  res.writeHead(status, {
    ...headers,
    ...(gzip && { 'Content-Encoding': 'gzip' }),
    Vary: 'Accept-Encoding',
    'Content-Length': body.length,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** JSON as sendCompressible sends it. */
export function sendCompressibleJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  sendCompressible(req, res, status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }, JSON.stringify(body));
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** An error the user can act on, as `{ error: "words" }`. */
export function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}

export function sendHtml(res: ServerResponse, status: number, html: string, headOnly = false): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-cache',
  });
  res.end(headOnly ? undefined : html);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}
