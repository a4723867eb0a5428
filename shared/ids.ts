// Ids are random, URL-safe (base64url) strings. A board id carries 128 random bits, so a
// board link cannot be guessed; belief and participant ids need only be unique.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function randomString(length: number): string {
  // 64 symbols, so each byte's low 6 bits map to one symbol with no bias.
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte & 63];
  return out;
}

/** 22 symbols × 6 bits = 132 random bits. */
export const BOARD_ID_LENGTH = 22;
const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function newBoardId(): string {
  return randomString(BOARD_ID_LENGTH);
}

/** The exact format of a board id; checked before any lookup in the store or on disk. */
export function isBoardId(value: unknown): value is string {
  return typeof value === 'string' && BOARD_ID_PATTERN.test(value);
}

/** A capability secret for a board link: 22 symbols, 132 random bits, like a board id. */
export function newSecret(): string {
  return randomString(BOARD_ID_LENGTH);
}

/** Ids of beliefs and participants: 16 symbols, 96 bits — unique, not secret. */
export function newId(): string {
  return randomString(16);
}

const ITEM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export function isItemId(value: unknown): value is string {
  return typeof value === 'string' && ITEM_ID_PATTERN.test(value);
}
