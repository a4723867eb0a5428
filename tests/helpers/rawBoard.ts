// Everything a Yjs document holds, read past the model and past every reader's repairs:
// each root type the document has (a junk root no board has included), each key of each
// map, each nested type, each plain value as it is. Two documents whose raw contents are
// deeply equal hold the same board; a board whose raw content did not change was not
// touched, whatever a tolerant reader would have made of it. Maps and plain objects are
// read as sorted [key, value] pairs, so a key such as "__proto__" is data, never a
// prototype.
import * as Y from 'yjs';

export type Raw = null | boolean | number | string | Raw[] | { [kind: string]: Raw };

function pairs(entries: Iterable<[string, unknown]>): Raw {
  return Array.from(entries, ([key, value]) => [key, rawValue(value)] as Raw).sort((a, b) => {
    const [left, right] = [(a as Raw[])[0] as string, (b as Raw[])[0] as string];
    return left < right ? -1 : left > right ? 1 : 0;
  });
}

/** The live entries of a type's map part (what `get` returns for each key). */
function liveMapEntries(type: Y.AbstractType<any>): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, item] of type._map) {
    if (!item.deleted) out.push([key, item.content.getContent()[item.length - 1]]);
  }
  return out;
}

/** The live content of a type's list part, item by item. */
function liveList(type: Y.AbstractType<any>): unknown[] {
  const out: unknown[] = [];
  for (let item = type._start; item !== null; item = item.right) {
    if (!item.deleted && item.countable) out.push(...item.content.getContent());
  }
  return out;
}

export function rawValue(value: unknown): Raw {
  if (value instanceof Y.Text) return { text: value.toDelta().map((op: Record<string, unknown>) => pairs(Object.entries(op))) };
  if (value instanceof Y.XmlFragment || value instanceof Y.XmlElement || value instanceof Y.XmlText) return { xml: value.toString() };
  if (value instanceof Y.Array) return { array: value.toArray().map(rawValue) };
  if (value instanceof Y.Map) return { map: pairs(liveMapEntries(value)) };
  if (value instanceof Y.AbstractType) return { type: value.constructor.name };
  if (value === undefined) return { undefined: true };
  if (typeof value === 'bigint') return { bigint: String(value) };
  if (typeof value === 'number' && !Number.isFinite(value)) return { number: String(value) };
  if (value instanceof Uint8Array) return { bytes: Array.from(value) };
  if (Array.isArray(value)) return value.map(rawValue);
  if (typeof value === 'object' && value !== null) {
    const prototype = Object.getPrototypeOf(value);
    const kind = prototype === Object.prototype ? 'object' : prototype === null ? 'object without prototype' : 'object with another prototype';
    return { [kind]: pairs(Object.getOwnPropertyNames(value).map((key) => [key, (value as Record<string, unknown>)[key]])) };
  }
  return value as Raw;
}

/** Whether a root type holds anything live (an empty root is how a document looks before anyone wrote there). */
function holdsSomething(type: Y.AbstractType<any>): boolean {
  return liveMapEntries(type).length > 0 || liveList(type).length > 0;
}

/**
 * Every root type with live content, by name, sorted. A root is read by both of its parts
 * (map entries and list), whatever kind it was asked for as: a document that never asked
 * for a root holds it as a plain AbstractType, another as a Y.Map or a Y.Text.
 */
export function rawDocContent(doc: Y.Doc): [string, Raw][] {
  return Array.from(doc.share)
    .filter(([, type]) => holdsSomething(type))
    .map(([name, type]) => [name, { map: pairs(liveMapEntries(type)), list: liveList(type).map(rawValue) }] as [string, Raw])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A root type's map entries as [key, raw value] pairs (empty when the document has no such root). */
export function rawRootEntries(content: [string, Raw][], root: string): [string, Raw][] {
  const found = content.find(([name]) => name === root);
  if (!found) return [];
  return (found[1] as Record<string, Raw>).map as [string, Raw][];
}

/**
 * The part of a board that belongs to the people in `ids` or to nobody in particular:
 * the meta, the workshop settings (not the round status, which the relay rewrites as
 * anyone answers), their beliefs, positions and participant records, and every other
 * root as it is. What others may write for themselves is left out.
 */
export function partOf(content: [string, Raw][], ids: ReadonlySet<string>): [string, Raw][] {
  const authorOf = (belief: Raw): Raw => {
    const fields = ((belief as Record<string, Raw>).map ?? []) as [string, Raw][];
    return fields.find(([key]) => key === 'authorId')?.[1] ?? null;
  };
  const keep: Record<string, (key: string, value: Raw) => boolean> = {
    beliefs: (_key, value) => typeof authorOf(value) === 'string' && ids.has(authorOf(value) as string),
    positions: (key) => ids.has(key.slice(key.indexOf(':') + 1)),
    participants: (key) => ids.has(key),
    workshop: (key) => key !== 'round',
    rounds: () => false,
  };
  return content
    .map(([name, value]): [string, Raw] => {
      const filter = Object.hasOwn(keep, name) ? keep[name] : undefined;
      if (!filter) return [name, value];
      return [name, { map: rawRootEntries(content, name).filter(([key, entry]) => filter(key, entry)), list: (value as Record<string, Raw>).list }];
    })
    .filter(([, value]) => ((value as Record<string, Raw[]>).map.length > 0 || (value as Record<string, Raw[]>).list.length > 0));
}
