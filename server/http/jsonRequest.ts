// Every POST to the API must say "Content-Type: application/json", body or not. A page on
// another site can make a visitor's browser POST text/plain, a form or multipart data
// without asking first (a CORS "simple request"), and so create boards from the visitor's
// address and spend its quota; a POST saying application/json needs a CORS preflight,
// which this server never grants. So the header proves the request came from our own page
// or from a script, never from another site's page.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from './responses.ts';

/** application/json, alone or with charset=utf-8 (the only encoding JSON has, RFC 8259). */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type, ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return parameters.every((parameter) => /^charset=("?)utf-8\1$/.test(parameter));
}

/** Answers 415 with words and returns false unless the request says it sends JSON. */
export function requireJsonRequest(req: IncomingMessage, res: ServerResponse): boolean {
  if (isJsonContentType(req.headers['content-type'])) return true;
  sendError(
    res,
    415,
    'This API takes JSON only: send the header "Content-Type: application/json" (with or without "; charset=utf-8"), even when there is no body.',
  );
  return false;
}
