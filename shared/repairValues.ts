// Values read from a board document, turned into values of the type the reader expects. A
// peer running other code can write anything under any key (a number as a name, null as a
// record, NaN as a time, a Y.Text where a number belongs), and boards written before the
// relay checked what it stores keep whatever they hold; a reader that meets such a value
// uses the fallback the board itself shows for it instead of throwing (Excalidraw's
// "repair on load", data/restore.ts).
import * as Y from 'yjs';

/** The largest distance from 1970 a JavaScript Date can hold, in ms (ECMAScript 21.4.1.1). */
const MAX_TIME_MS = 8.64e15;

// UTF-8, which Yjs stores text in, cannot hold half of a surrogate pair: a stored board
// holds U+FFFD where one was written. Replacing it on read gives the same text before and
// after a board is stored, so an export does not change when it is read back.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * Text of at most `max` code points (as the model clamps it, so an emoji is never cut in
 * half), well-formed; anything but a string is empty text.
 */
export function clampedText(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  const text = wellFormed(value);
  // A string's length counts UTF-16 units, never fewer than its code points.
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : points.slice(0, max).join('');
}

/**
 * Like `clampedText`, without surrounding white space, as the model stores titles and names;
 * trimmed again after clamping, so the importer's own trim and clamp leave it unchanged.
 */
export function trimmedText(value: unknown, max: number): string {
  return clampedText(typeof value === 'string' ? value.trim() : value, max).trim();
}

/** A finite number, or `fallback`; −0 reads as 0, as it does once written to JSON. */
export function finiteNumber(value: unknown, fallback = 0): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return value === 0 ? 0 : value;
}

/** A time (ms since 1970) that a Date can show, or `fallback`: 1e300 is not a moment. */
export function validTime(value: unknown, fallback = 0): number {
  const time = finiteNumber(value, fallback);
  return Math.abs(time) <= MAX_TIME_MS ? time : fallback;
}

/**
 * A plain record read from the document (a JSON-like object): not null, not an array, not
 * a shared type such as a Y.Map written where a plain record belongs.
 */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Y.AbstractType) && !(value instanceof Uint8Array);
}

/** The strings of a list, in order, without anything else it holds; not a list → []. */
export function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
