// Reads a JSON request body, refusing anything over the size limit or nested deeper than
// MAX_API_JSON_DEPTH before parsing it.
import type { IncomingMessage } from 'node:http';
import { jsonNestsDeeperThan } from '../../shared/jsonDepth.ts';
import { MAX_API_JSON_DEPTH } from '../../shared/limits.ts';

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** The parsed body, or undefined when there is none. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const tooLarge = () => new BodyError(413, `The request body is larger than ${limit} bytes.`);
  if (Number(req.headers['content-length']) > limit) throw tooLarge();
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit the rest is still read (and dropped), so the answer reaches a client
    // that is still sending.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => (size > limit ? reject(tooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
  if (text.trim() === '') return undefined;
  if (jsonNestsDeeperThan(text, MAX_API_JSON_DEPTH)) {
    throw new BodyError(400, `The request body nests lists and objects more than ${MAX_API_JSON_DEPTH} levels deep; no request to this API needs that.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError(400, 'The request body is not valid JSON.');
  }
}
