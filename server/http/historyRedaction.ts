// What the history must no longer show, taken out of the stored log before it is served:
// a comment its author deleted (or the words an edit replaced), and the answers of a
// participant the facilitator removed. The log keeps deleted content — merged without
// garbage collection, so the history can show the board as it was (docs/history.md) — but
// "delete my comment" and "remove this person with their positions" must mean gone for
// every link, not gone from today's board only. Each such struct is served with its
// content taken out (Yjs's own ContentDeleted), so every moment still builds; at the
// moments it existed, the comment or answer is simply absent.
import * as Y from 'yjs';
import { parsePositionKey, ROOT } from '../../shared/schema.ts';
import { filterUpdate } from '../rules/updateFilter.ts';

interface Place {
  /** The root map a map entry lives in. */
  root: string;
  key: string | null;
}

export interface Redaction {
  /** Whether anything needs taking out (most boards: nothing, and the log goes as it is). */
  readonly needed: boolean;
  redact(update: Uint8Array): Uint8Array;
}

/**
 * Reads the whole log once (in order): which root map each entry of a root map lives in and
 * under which key — an entry written over an earlier one names neither, only its origin —
 * and everything deleted up to now.
 */
export function historyRedaction(log: readonly Uint8Array[], removedParticipants: ReadonlySet<string>): Redaction {
  const places = new Map<string, Place>();
  const deleted = new Map<number, { clock: number; len: number }[]>();
  const idKey = (id: Y.ID) => `${id.client}:${id.clock}`;
  for (const update of log) {
    const { structs, ds } = Y.decodeUpdate(update);
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      const place = placeOf(struct, places, idKey);
      if (place) places.set(idKey(struct.id), place);
    }
    for (const [client, ranges] of ds.clients) {
      const list = deleted.get(client);
      if (list) list.push(...ranges);
      else deleted.set(client, [...ranges]);
    }
  }
  const isDeleted = (id: Y.ID) => (deleted.get(id.client) ?? []).some((range) => id.clock >= range.clock && id.clock < range.clock + range.len);
  const gone = (item: Y.Item): boolean => {
    const place = places.get(idKey(item.id));
    if (!place) return false;
    if (place.root === ROOT.comments) return isDeleted(item.id);
    if (place.root === ROOT.positions && place.key !== null) {
      const participantId = parsePositionKey(place.key)?.participantId;
      return participantId !== undefined && removedParticipants.has(participantId);
    }
    return false;
  };
  const needed = [...places.values()].some((place) => place.root === ROOT.comments) || removedParticipants.size > 0;
  return {
    needed,
    redact(update) {
      if (!needed) return update;
      const { structs, ds } = Y.decodeUpdate(update);
      let changed = false;
      for (const struct of structs) {
        if (!(struct instanceof Y.Item) || !gone(struct)) continue;
        // The struct stays (a comment's later version has it as its origin, and Yjs would
        // collect anything next to a collected struct); only its content goes, as Yjs
        // itself keeps deleted items. Such an item counts as deleted from its first moment.
        struct.content = new Y.ContentDeleted(struct.length);
        changed = true;
      }
      return changed ? filterUpdate(structs, ds.clients, new Set(), []) : update;
    },
  };
}

/** A root map's entry: its root and key, read from the struct or from the entry it overwrote. */
function placeOf(item: Y.Item, places: ReadonlyMap<string, Place>, idKey: (id: Y.ID) => string): Place | null {
  if (typeof item.parent === 'string') return { root: item.parent, key: item.parentSub };
  if (item.parent !== null) return null;
  const from = item.origin ?? item.rightOrigin;
  return from ? (places.get(idKey(from)) ?? null) : null;
}
