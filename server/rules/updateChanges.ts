// What an incoming Yjs update would change, read BEFORE it is applied: every struct of
// `Y.decodeUpdate` is resolved to the place in the board it lands in — its parent type and
// map key, found through its origin, right origin or parent, in the room's document or
// earlier in the same update, the way Yjs itself resolves them when it integrates
// (`Item.getMissing`) — and every deleted range to the entries it removes. The result is
// a list of changes in the board's own terms (a root map's key set or deleted, a belief's
// field, a belief's text edited), each with the structs and deleted ranges it is made of,
// so the relay can judge each change by the rules table (shared/boardRules.ts) and keep
// only what it allows (updateFilter.ts).
//
// Only public Yjs API is used: decodeUpdate, getItem, getState, findIndexSS, the store's
// struct lists, a type's `parent`, the Item / GC / content classes and the update encoder
// (for the scratch document where Yjs places a key's values, lastOfKeys).
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { BOARD_ROOTS, ROOT } from '../../shared/schema.ts';

/** The struct of `list` (one client's, in clock order) that holds `clock`. */
export function structAt<T extends { id: Y.ID; length: number }>(list: readonly T[], clock: number): T | undefined {
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const struct = list[middle];
    if (clock < struct.id.clock) high = middle - 1;
    else if (clock >= struct.id.clock + struct.length) low = middle + 1;
    else return struct;
  }
  return undefined;
}

/** A range of one client's clocks that the update deletes. */
export interface Segment {
  client: number;
  clock: number;
  len: number;
}

/** A belief the change is about: one already on the board, or one this update creates. */
export interface BeliefRef {
  /** The belief's fields as the room holds them; null for a belief born in this update. */
  fields: Y.Map<unknown> | null;
  /** The belief born in this update: its id and the struct that creates it. */
  birth: { beliefId: string; item: Y.Item } | null;
}

interface Parts {
  /** New structs (or their new part) this change consists of. */
  items: Y.Item[];
  /** Ranges of the room's structs this change deletes. */
  deletions: Segment[];
}

export type BoardChange = Parts &
  (
    | {
        kind: 'rootEntry';
        root: string;
        key: string;
        /** 'set' when the update leaves a live value under the key; 'delete' when it only removes. */
        op: 'set' | 'delete';
        /** The live values written (normally one). */
        values: unknown[];
        /** Whether the key held a value before this update. */
        existed: boolean;
      }
    | {
        kind: 'newBelief';
        beliefId: string;
        existed: boolean;
        /** Whether the belief is still there once the update is applied (not added and taken back in it). */
        kept: boolean;
        /** The struct creating the belief's map: the one the update leaves (an undo's earlier map is deleted by it). */
        item: Y.Item;
      }
    | {
        kind: 'beliefField';
        belief: BeliefRef;
        key: string;
        op: 'set' | 'delete';
        values: unknown[];
        /** Written together with the belief's creation, in the same update. */
        atBirth: boolean;
        /** A new nested type written under the key (the belief's Y.Text), if any. */
        newType: 'text' | 'other' | null;
      }
    | { kind: 'beliefText'; belief: BeliefRef; inserted: number; deleted: number; atBirth: boolean; oddContent: string | null }
    | { kind: 'foreign'; why: string }
  );

export interface UpdateChanges {
  changes: BoardChange[];
  /**
   * The update refers to structs the room does not have (its own lag, or a peer that
   * sent part of a history): nothing can be judged, so nothing of it may be applied.
   */
  missing: boolean;
  /** The update is self-contradictory in a way Yjs itself would choke on. */
  malformed: string | null;
  /** New structs per client (their new part counts), for client-id ownership. */
  clientsWritten: Set<number>;
  /** The decoded structs, in the update's order, for rewriting it. */
  structs: (Y.Item | Y.GC | Y.Skip)[];
  deleteSet: Map<number, { clock: number; len: number }[]>;
}

type Struct = Y.Item | Y.GC | Y.Skip;

/** Where a struct lands: a type of the board (or nowhere, or outside the schema) and a map key. */
type Target =
  | { kind: 'root'; name: string }
  | { kind: 'belief'; ref: BeliefRef }
  | { kind: 'beliefText'; ref: BeliefRef; text: Y.Text | null; newItem: Y.Item | null }
  | { kind: 'gone' }
  | { kind: 'foreign'; why: string };

interface Location {
  target: Target;
  key: string | null;
}

const MISSING = Symbol('missing');
const GONE: Target = { kind: 'gone' };

class Malformed extends Error {}

/**
 * `mayPlace(structs)`: whether the board may spend the rebuilding of that many structs on
 * placing values whose outcome only Yjs can tell (lastOfKeys); when not, those keys count
 * as emptied. The relay rations it per board (RulesExtension), as it costs ≈ 5 µs a struct
 * to a crafted update of a few bytes.
 */
export function readUpdateChanges(doc: Y.Doc, update: Uint8Array, mayPlace: (structs: number) => boolean = () => true): UpdateChanges {
  const decoded = Y.decodeUpdate(update);
  const reader = new ChangeReader(doc, decoded.structs as Struct[], decoded.ds.clients, mayPlace);
  return reader.read();
}

class ChangeReader {
  private readonly store: Y.Doc['store'];
  private readonly beliefsRoot: Y.Map<unknown>;
  private readonly byClient = new Map<number, Struct[]>();
  private readonly fromUpdate: Set<Struct>;
  private readonly locations = new Map<Y.Item, Location | typeof MISSING>();
  private readonly visiting = new Set<Y.Item>();
  private readonly targetsOfTypes = new Map<Y.AbstractType<any>, Target>();
  private readonly targetsOfNewItems = new Map<Y.Item, Target>();
  private rootNames: Map<Y.AbstractType<any>, string> | null = null;
  private missing = false;

  constructor(
    private readonly doc: Y.Doc,
    private readonly structs: Struct[],
    private readonly deleteSet: Map<number, { clock: number; len: number }[]>,
    private readonly mayPlace: (structs: number) => boolean,
  ) {
    this.store = doc.store;
    this.beliefsRoot = doc.getMap(ROOT.beliefs);
    this.fromUpdate = new Set(structs);
    for (const struct of structs) {
      const list = this.byClient.get(struct.id.client);
      if (list) list.push(struct);
      else this.byClient.set(struct.id.client, [struct]);
    }
  }

  read(): UpdateChanges {
    const result: UpdateChanges = {
      changes: [],
      missing: false,
      malformed: null,
      clientsWritten: new Set(),
      structs: this.structs,
      deleteSet: this.deleteSet,
    };
    try {
      this.checkClocks();
      this.checkDeleteSet();
      const groups = new ChangeGroups(this.doc, this.deleteSet, this.mayPlace);
      for (const struct of this.structs) {
        const state = Y.getState(this.store, struct.id.client);
        // Wholly known already: Yjs skips it.
        if (struct.id.clock + struct.length <= state) continue;
        if (struct instanceof Y.Skip) {
          this.missing = true;
          continue;
        }
        result.clientsWritten.add(struct.id.client);
        if (struct instanceof Y.GC) continue;
        const location = this.locate(struct);
        if (location === MISSING) {
          this.missing = true;
          continue;
        }
        const alreadyKnown = Math.max(0, state - struct.id.clock);
        if (alreadyKnown > 0) this.checkContinuation(struct, location, state);
        groups.addItem(struct, location, alreadyKnown);
      }
      // Deleting a type deletes everything in it; those deletions are its consequence,
      // judged as the type's removal, not one by one — and they go with it: a removal the
      // board refuses (a locked board) is cut out together with them, or the belief would
      // stay with nothing in it.
      const deletedTypes = new Map<Y.AbstractType<any>, Y.Item>();
      for (const [client, ranges] of this.deleteSet) {
        for (const range of ranges) {
          this.forEachLiveDeleted(client, range, (struct) => {
            if (struct.content instanceof Y.ContentType) deletedTypes.set(struct.content.type, struct);
          });
        }
      }
      for (const [client, ranges] of this.deleteSet) {
        for (const range of ranges) this.readDeletion(client, range, groups, deletedTypes);
      }
      result.changes = groups.changes();
    } catch (error) {
      if (!(error instanceof Malformed)) throw error;
      result.malformed = error.message;
    }
    result.missing = this.missing;
    return result;
  }

  /**
   * A struct the room already has the start of: Yjs integrates only its new part, and
   * attaches it right after the room's struct at the clock before (`Item.integrate` with an
   * offset), keeping the parent the struct itself names. An honest struct continues its
   * own earlier part, so both are the same place; a struct naming another place would be
   * judged there but linked into the other (and stored there), and one continuing a
   * collected struct makes Yjs throw halfway through applying it.
   */
  private checkContinuation(struct: Y.Item, declared: Location, state: number): void {
    const before = Y.getItem(this.store, Y.createID(struct.id.client, state - 1));
    if (!(before instanceof Y.Item)) throw new Malformed('a struct continues one the room has collected');
    const actual = this.locationOf(before);
    if (actual === MISSING || !sameLocation(actual, declared)) throw new Malformed('a struct continues one the room has, in another place');
  }

  /**
   * Each client's deleted ranges must come in clock order, none overlapping the one before:
   * Yjs writes them sorted and merged (sortAndMergeDeleteSet), and every range is read
   * against the structs it covers — thousands of ranges each covering the same thousands
   * of structs held the relay's one thread for seconds (ranges × structs).
   */
  private checkDeleteSet(): void {
    for (const [client, ranges] of this.deleteSet) {
      for (let i = 0; i < ranges.length; i++) {
        if (i > 0 && ranges[i].clock < ranges[i - 1].clock + ranges[i - 1].len) throw new Malformed(`the deleted ranges of client ${client} are not in order`);
      }
    }
  }

  /** Each client's structs must be contiguous and start at or before what the room has. */
  private checkClocks(): void {
    for (const [client, list] of this.byClient) {
      const state = Y.getState(this.store, client);
      if (list[0].id.clock > state) this.missing = true;
      for (let i = 1; i < list.length; i++) {
        if (list[i].id.clock !== list[i - 1].id.clock + list[i - 1].length) throw new Malformed(`the structs of client ${client} are not contiguous`);
      }
    }
  }

  /** The struct holding `id`: the room's, or this update's; MISSING when neither has it. */
  private lookup(id: Y.ID): Struct | typeof MISSING {
    if (id.clock < Y.getState(this.store, id.client)) return Y.getItem(this.store, id) as Y.Item | Y.GC;
    const struct = structAt(this.byClient.get(id.client) ?? [], id.clock);
    return struct === undefined || struct instanceof Y.Skip ? MISSING : struct;
  }

  /** Where a new struct lands, as Yjs's `getMissing` and `integrate` would place it. */
  private locate(item: Y.Item): Location | typeof MISSING {
    const known = this.locations.get(item);
    if (known !== undefined) return known;
    if (this.visiting.has(item)) throw new Malformed('a struct depends on itself');
    this.visiting.add(item);
    let location: Location | typeof MISSING;
    try {
      location = this.locateUncached(item);
    } finally {
      this.visiting.delete(item);
    }
    this.locations.set(item, location);
    return location;
  }

  private locateUncached(item: Y.Item): Location | typeof MISSING {
    if (item.origin || item.rightOrigin) {
      const left = item.origin ? this.neighbour(item, item.origin) : null;
      const right = item.rightOrigin ? this.neighbour(item, item.rightOrigin) : null;
      if (left === MISSING || right === MISSING) return MISSING;
      // Next to garbage-collected content an item is collected too.
      if (left instanceof Y.GC || right instanceof Y.GC) return { target: GONE, key: null };
      return this.locationOf((left ?? right) as Y.Item);
    }
    const parent = item.parent as unknown;
    if (typeof parent === 'string') return { target: this.rootTarget(parent), key: item.parentSub };
    if (parent instanceof Y.ID) {
      const holder = this.neighbour(item, parent);
      if (holder === MISSING) return MISSING;
      if (holder instanceof Y.GC) return { target: GONE, key: null };
      const target = this.targetOfHolder(holder as Y.Item);
      return target === MISSING ? MISSING : { target, key: item.parentSub };
    }
    throw new Malformed('a struct has neither neighbours nor a parent');
  }

  private neighbour(item: Y.Item, id: Y.ID): Struct | typeof MISSING {
    const found = this.lookup(id);
    if (found === item) throw new Malformed('a struct refers to itself');
    // Yjs reads a struct's own client in clock order: a reference forward in it is broken.
    if (found !== MISSING && id.client === item.id.client && id.clock >= item.id.clock) throw new Malformed('a struct refers forward in its own history');
    return found;
  }

  /** The location of a struct already placed: the room's (its parent type) or this update's. */
  private locationOf(struct: Y.Item): Location | typeof MISSING {
    if (this.isInRoom(struct)) {
      const parent = struct.parent;
      if (!(parent instanceof Y.AbstractType)) return { target: GONE, key: null };
      return { target: this.targetOfType(parent), key: struct.parentSub };
    }
    return this.locate(struct);
  }

  /** Whether a struct `lookup` returned is the room's (not one of this update's). */
  private isInRoom(struct: Y.Item): boolean {
    return !this.fromUpdate.has(struct);
  }

  /** The type a parent id names: the content of the item holding it. */
  private targetOfHolder(holder: Y.Item): Target | typeof MISSING {
    if (this.isInRoom(holder)) {
      // A deleted type's content is collected (ContentDeleted): what lands in it goes too.
      return holder.content instanceof Y.ContentType ? this.targetOfType(holder.content.type) : GONE;
    }
    return this.targetOfNewItem(holder);
  }

  private rootTarget(name: string): Target {
    return BOARD_ROOTS.includes(name)
      ? { kind: 'root', name }
      : { kind: 'foreign', why: `a root type "${name.slice(0, 40)}" the board does not have` };
  }

  /** What a type in the room's document is, in the board's schema. */
  private targetOfType(type: Y.AbstractType<any>): Target {
    const known = this.targetsOfTypes.get(type);
    if (known) return known;
    let target: Target;
    const parent = type.parent;
    if (parent === null) {
      const name = this.rootName(type);
      target = name === null ? { kind: 'foreign', why: 'a type outside the document' } : this.rootTarget(name);
    } else if (type instanceof Y.Map && parent === this.beliefsRoot) {
      target = { kind: 'belief', ref: { fields: type, birth: null } };
    } else if (type instanceof Y.Text && parent instanceof Y.Map && parent.parent === this.beliefsRoot) {
      // A belief's text that was replaced is deleted: what lands in it is deleted too.
      target = parent.get('text') === type ? { kind: 'beliefText', ref: { fields: parent, birth: null }, text: type, newItem: null } : GONE;
    } else {
      target = { kind: 'foreign', why: 'a nested type where the board keeps none' };
    }
    this.targetsOfTypes.set(type, target);
    return target;
  }

  /** What a type created in this update is, from where it lands. */
  private targetOfNewItem(item: Y.Item): Target | typeof MISSING {
    const known = this.targetsOfNewItems.get(item);
    if (known) return known;
    if (!(item.content instanceof Y.ContentType)) return GONE;
    const location = this.locate(item);
    if (location === MISSING) return MISSING;
    const { target, key } = location;
    const type = item.content.type;
    let result: Target;
    if (target.kind === 'gone' || target.kind === 'foreign') result = target;
    else if (target.kind === 'root' && target.name === ROOT.beliefs && type instanceof Y.Map && key !== null) {
      result = { kind: 'belief', ref: { fields: null, birth: { beliefId: key, item } } };
    } else if (target.kind === 'belief' && key === 'text' && type instanceof Y.Text) {
      result = { kind: 'beliefText', ref: target.ref, text: null, newItem: item };
    } else {
      result = { kind: 'foreign', why: 'a nested type where the board keeps none' };
    }
    this.targetsOfNewItems.set(item, result);
    return result;
  }

  private rootName(type: Y.AbstractType<any>): string | null {
    if (!this.rootNames) {
      this.rootNames = new Map();
      for (const [name, root] of this.doc.share) this.rootNames.set(root, name);
    }
    return this.rootNames.get(type) ?? null;
  }

  /** The room's live structs in a deleted range, each as the change its deletion makes. */
  private readDeletion(
    client: number,
    range: { clock: number; len: number },
    groups: ChangeGroups,
    deletedTypes: ReadonlyMap<Y.AbstractType<any>, Y.Item>,
  ): void {
    const end = range.clock + range.len;
    const state = Y.getState(this.store, client);
    // The part beyond what the room has must be in this update (it deletes its own new
    // content); a deletion of structs nobody has sent would wait in Yjs and strike later.
    if (end > state) {
      for (let clock = Math.max(range.clock, state); clock < end; ) {
        const struct = this.lookup(Y.createID(client, clock));
        if (struct === MISSING) {
          this.missing = true;
          return;
        }
        clock = struct.id.clock + struct.length;
      }
    }
    this.forEachLiveDeleted(client, range, (struct, segment) => {
      const parent = struct.parent;
      if (!(parent instanceof Y.AbstractType)) return;
      const removal = outermostRemoval(parent, deletedTypes);
      if (removal) {
        groups.addConsequence(segment, { target: this.targetOfType(removal.parent as Y.AbstractType<any>), key: removal.parentSub });
      } else {
        groups.addDeletion(struct, segment, { target: this.targetOfType(parent), key: struct.parentSub });
      }
    });
  }

  /** Calls `visit` with each live struct of the room in a deleted range, and the part of it deleted. */
  private forEachLiveDeleted(client: number, range: { clock: number; len: number }, visit: (struct: Y.Item, segment: Segment) => void): void {
    const state = Y.getState(this.store, client);
    if (range.clock >= state) return;
    const structs = this.store.clients.get(client);
    if (!structs) return;
    const stop = Math.min(range.clock + range.len, state);
    for (let index = Y.findIndexSS(structs, range.clock); index < structs.length; index++) {
      const struct = structs[index];
      if (struct.id.clock >= stop) break;
      if (!(struct instanceof Y.Item) || struct.deleted) continue;
      const from = Math.max(struct.id.clock, range.clock);
      const to = Math.min(struct.id.clock + struct.length, stop);
      visit(struct, { client, clock: from, len: to - from });
    }
  }
}

function sameTarget(a: Target, b: Target): boolean {
  switch (a.kind) {
    case 'root':
      return b.kind === 'root' && a.name === b.name;
    case 'belief':
      return b.kind === 'belief' && a.ref.fields === b.ref.fields && a.ref.birth?.item === b.ref.birth?.item;
    case 'beliefText':
      return b.kind === 'beliefText' && a.text === b.text && a.newItem === b.newItem;
    case 'gone':
    case 'foreign':
      return b.kind === a.kind;
  }
}

function sameLocation(a: Location, b: Location): boolean {
  return a.key === b.key && sameTarget(a.target, b.target);
}

/** The struct removing the outermost of `removed` that is `type` or holds it; null when none does. */
function outermostRemoval(type: Y.AbstractType<any>, removed: ReadonlyMap<Y.AbstractType<any>, Y.Item>): Y.Item | null {
  if (removed.size === 0) return null;
  let outermost: Y.Item | null = null;
  for (let at: Y.AbstractType<any> | null = type; at; at = at.parent) outermost = removed.get(at) ?? outermost;
  return outermost;
}

interface TextGroup {
  ref: BeliefRef;
  items: Y.Item[];
  deletions: Segment[];
  inserted: number;
  deleted: number;
  atBirth: boolean;
  oddContent: string | null;
}

/**
 * Collects structs and deletions by the entry they change: one map key of one type, or
 * one belief's text.
 */
class ChangeGroups {
  /** By map (a root's name, or a belief's fields map or creating struct), then by key. */
  private readonly maps = new Map<string | object, { target: Extract<Target, { kind: 'root' | 'belief' }>; keys: Map<string, Parts> }>();
  private readonly texts = new Map<object, TextGroup>();
  private readonly foreign: BoardChange[] = [];

  constructor(
    private readonly doc: Y.Doc,
    /** The update's deleted ranges by client, sorted and apart (checkDeleteSet). */
    private readonly deleteSet: ReadonlyMap<number, readonly { clock: number; len: number }[]>,
    private readonly mayPlace: (structs: number) => boolean,
  ) {}

  addItem(item: Y.Item, { target, key }: Location, alreadyKnown: number): void {
    if (target.kind === 'gone') return;
    if (target.kind === 'foreign') {
      this.foreign.push({ kind: 'foreign', why: target.why, items: [item], deletions: [] });
      return;
    }
    if (target.kind === 'beliefText') {
      if (key !== null) {
        this.foreign.push({ kind: 'foreign', why: 'a map key inside a belief text', items: [item], deletions: [] });
        return;
      }
      const group = this.textGroup(target);
      group.items.push(item);
      const content = item.content;
      if (content instanceof Y.ContentString) group.inserted += content.getLength() - alreadyKnown;
      else if (!(content instanceof Y.ContentDeleted)) group.oddContent ??= content.constructor.name;
      return;
    }
    if (key === null) {
      this.foreign.push({ kind: 'foreign', why: 'a list entry in a map of the board', items: [item], deletions: [] });
      return;
    }
    this.entry(target, key).items.push(item);
  }

  addDeletion(struct: Y.Item, segment: Segment, { target, key }: Location): void {
    if (target.kind === 'gone') return;
    if (target.kind === 'foreign') {
      this.foreign.push({ kind: 'foreign', why: target.why, items: [], deletions: [segment] });
      return;
    }
    if (target.kind === 'beliefText') {
      const group = this.textGroup(target);
      group.deletions.push(segment);
      if (struct.countable) group.deleted += segment.len;
      return;
    }
    if (key === null) {
      this.foreign.push({ kind: 'foreign', why: 'a list entry in a map of the board', items: [], deletions: [segment] });
      return;
    }
    this.entry(target, key).deletions.push(segment);
  }

  /** A deletion that is the consequence of removing a type: it goes with the change removing it. */
  addConsequence(segment: Segment, { target, key }: Location): void {
    if (target.kind === 'gone') return;
    if (target.kind === 'foreign') {
      this.foreign.push({ kind: 'foreign', why: target.why, items: [], deletions: [segment] });
      return;
    }
    if (target.kind === 'beliefText' || key === null) {
      this.foreign.push({ kind: 'foreign', why: 'a nested type where the board keeps none', items: [], deletions: [segment] });
      return;
    }
    this.entry(target, key).deletions.push(segment);
  }

  changes(): BoardChange[] {
    const out: BoardChange[] = [...this.foreign];
    // What each key holds after the update; where only Yjs can tell, all such keys are
    // placed together in one scratch document (lastOfKeys).
    const entries: { target: Extract<Target, { kind: 'root' | 'belief' }>; key: string; parts: Parts; held: boolean; live: boolean | number }[] = [];
    const placings: KeyPlacing[] = [];
    for (const { target, keys } of this.maps.values()) {
      for (const [key, parts] of keys) {
        const held = target.kind === 'belief' ? (target.ref.fields?.has(key) ?? false) : this.doc.getMap(target.name).has(key);
        let live: boolean | number | null = this.plainlyLeft(parts, held);
        if (live === null) {
          const end = this.chainAfterLast(parts);
          if (end !== null) live = this.liveAfter(end, parts);
        }
        if (live === null) {
          const anchor = this.roomAnchor(parts);
          // The key's values in the room are out of reach (every new value is a first
          // value): with a value held, nothing tells where a deleted one lands, so it
          // counts as emptying the key.
          if (anchor === null && held) live = false;
          else live = placings.push({ anchor, items: parts.items }) - 1;
        }
        entries.push({ target, key, parts, held, live });
      }
    }
    const lasts = placings.length > 0 ? lastOfKeys(this.doc.store, placings, this.mayPlace) : [];
    for (const { target, key, parts, held, live } of entries) {
      out.push(this.entryChange(target, key, parts, held, typeof live === 'boolean' ? live : this.liveAfter(lasts[live], parts)));
    }
    for (const group of this.texts.values()) {
      out.push({
        kind: 'beliefText',
        belief: group.ref,
        inserted: group.inserted,
        deleted: group.deleted,
        atBirth: group.atBirth,
        oddContent: group.oddContent,
        items: group.items,
        deletions: group.deletions,
      });
    }
    return out;
  }

  /** One key's structs and deletions (`Map`s throughout: a key such as `__proto__` is just a key). */
  private entry(target: Extract<Target, { kind: 'root' | 'belief' }>, key: string): Parts {
    const owner = target.kind === 'root' ? target.name : (target.ref.fields ?? target.ref.birth!.item);
    let map = this.maps.get(owner);
    if (!map) this.maps.set(owner, (map = { target, keys: new Map() }));
    let parts = map.keys.get(key);
    if (!parts) map.keys.set(key, (parts = { items: [], deletions: [] }));
    return parts;
  }

  /**
   * Whether the key holds a live value once the update is applied, when that follows from
   * the change alone; null when it depends on where Yjs places the new values. Yjs leaves
   * a map key's last value live (a value landing last deletes the one before it, one
   * landing anywhere else deletes itself) unless that value is itself deleted: written
   * deleted (ContentDeleted — a superseded value sent again after a reconnect, or a crafted
   * one) or deleted by the update's delete set. So live values alone, deleting nothing,
   * always leave one, and a deletion alone leaves none; anything else is asked of Yjs
   * (lastOfKeys). The rules once ran their own copy of its conflict scan, which read a
   * merged run of superseded values whole where Yjs splits it, and let a crafted value
   * empty a note's place (tests/integration/superseded-attacks.test.ts).
   */
  private plainlyLeft(parts: Parts, held: boolean): boolean | null {
    const writesDeleted = parts.items.some((item) => item.content instanceof Y.ContentDeleted || this.updateDeletes(item.id.client, item.id.clock, item.length));
    if (writesDeleted || (parts.items.length > 0 && parts.deletions.length > 0)) return null;
    return parts.items.length > 0 || (held && parts.deletions.length === 0);
  }

  /**
   * The last clock of the new values when they follow one another from the room's last
   * value: each then lands last in turn, with nothing to order it against — how an honest
   * browser's values arrive, superseded or not, and how an undo writes the value it brings
   * back while deleting the one it takes away (the room's live value, the only one a
   * deletion can strike; deletion does not move anything). Null otherwise.
   */
  private chainAfterLast(parts: Parts): Y.ID | null {
    if (parts.items.length === 0) return null;
    const byOrigin = new Map<string, Y.Item>();
    let head: Y.Item | null = null;
    for (const item of parts.items) {
      const state = Y.getState(this.doc.store, item.id.client);
      const origin = item.id.clock < state ? Y.createID(item.id.client, state - 1) : item.origin;
      if (origin === null) return null;
      const id = `${origin.client}:${origin.clock}`;
      if (byOrigin.has(id)) return null;
      byOrigin.set(id, item);
      if (origin.clock < Y.getState(this.doc.store, origin.client)) {
        const found = Y.getItem(this.doc.store, origin);
        // After the room's last value, at its last clock: Yjs scans nothing to place it.
        if (head !== null || !(found instanceof Y.Item) || found.right !== null || found.id.clock + found.length - 1 !== origin.clock) return null;
        head = item;
      }
    }
    let last: Y.ID | null = null;
    for (let item: Y.Item | undefined = head ?? undefined, steps = 0; item !== undefined; steps++) {
      if (steps === parts.items.length) return null;
      last = Y.createID(item.id.client, item.id.clock + item.length - 1);
      item = byOrigin.get(`${last.client}:${last.clock}`);
      if (item === undefined && steps + 1 !== parts.items.length) return null;
    }
    return last;
  }

  /** Whether `last`, the value Yjs leaves last under the key, is live once the update is applied. */
  private liveAfter(last: Y.ID | null, parts: Parts): boolean {
    if (last === null) return false;
    if (this.updateDeletes(last.client, last.clock, 1)) return false;
    if (last.clock >= Y.getState(this.doc.store, last.client)) {
      const item = parts.items.find((candidate) => candidate.id.client === last.client && last.clock >= candidate.id.clock && last.clock < candidate.id.clock + candidate.length);
      return item !== undefined && !(item.content instanceof Y.ContentDeleted);
    }
    const roomItem = Y.getItem(this.doc.store, last);
    return roomItem instanceof Y.Item && !roomItem.deleted;
  }

  /** A struct of the room in this key's list of values: where its new values attach, or a value it deletes. */
  private roomAnchor(parts: Parts): Y.Item | null {
    for (const item of parts.items) {
      const origin = item.id.clock < Y.getState(this.doc.store, item.id.client) ? Y.createID(item.id.client, Y.getState(this.doc.store, item.id.client) - 1) : item.origin;
      if (origin === null || origin.clock >= Y.getState(this.doc.store, origin.client)) continue;
      const found = Y.getItem(this.doc.store, origin);
      if (found instanceof Y.Item) return found;
    }
    for (const segment of parts.deletions) {
      const found = Y.getItem(this.doc.store, Y.createID(segment.client, segment.clock));
      if (found instanceof Y.Item) return found;
    }
    return null;
  }

  /** Whether the update's delete set covers every clock of client's [clock, clock + len). */
  private updateDeletesAll(client: number, clock: number, len: number): boolean {
    const range = this.deletedRangeOver(client, clock, len);
    // Ranges are merged (checkDeleteSet): one range holds the whole run, or none does.
    return range !== null && range.clock <= clock && range.clock + range.len >= clock + len;
  }

  /** Whether the update's delete set covers any clock of client's [clock, clock + len). */
  private updateDeletes(client: number, clock: number, len: number): boolean {
    return this.deletedRangeOver(client, clock, len) !== null;
  }

  /** A deleted range of the update over some clock of client's [clock, clock + len), or null. */
  private deletedRangeOver(client: number, clock: number, len: number): { clock: number; len: number } | null {
    const ranges = this.deleteSet.get(client) ?? [];
    let low = 0;
    let high = ranges.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const range = ranges[middle];
      if (range.clock + range.len <= clock) low = middle + 1;
      else if (range.clock >= clock + len) high = middle - 1;
      else return range;
    }
    return null;
  }

  private textGroup(target: Extract<Target, { kind: 'beliefText' }>): TextGroup {
    const owner = target.text ?? target.newItem!;
    let group = this.texts.get(owner);
    if (!group) {
      group = { ref: target.ref, items: [], deletions: [], inserted: 0, deleted: 0, atBirth: target.text === null, oddContent: null };
      this.texts.set(owner, group);
    }
    return group;
  }

  private entryChange(target: Extract<Target, { kind: 'root' | 'belief' }>, key: string, parts: Parts, held: boolean, live: boolean): BoardChange {
    const values: unknown[] = [];
    let newType: 'map' | 'text' | 'other' | null = null;
    /** The one new nested type this update does not delete, if any. */
    let liveType: Y.Item | null = null;
    let odd: string | null = null;
    for (const item of parts.items) {
      const content = item.content;
      if (content instanceof Y.ContentAny) {
        // Several values in one struct: consecutive values of one key that Yjs merged,
        // which only happens to superseded ones whose content is kept (an undo manager
        // keeps it), so all but the last must be deleted by this update.
        if (content.getLength() !== 1 && !this.updateDeletesAll(item.id.client, item.id.clock, content.getLength() - 1)) odd ??= 'a map entry holding several values';
        values.push(...content.getContent());
      } else if (content instanceof Y.ContentType) {
        const kind = content.type instanceof Y.Map ? 'map' : content.type instanceof Y.Text ? 'text' : 'other';
        // Two under one key only as an undo and a redo write them: a belief added, taken
        // back and brought back (a new map under its id), the earlier deleted by this update.
        const dead = this.updateDeletesAll(item.id.client, item.id.clock, item.length);
        if (newType !== null && (newType !== kind || (!dead && liveType !== null))) odd ??= 'two nested types under one key';
        newType = kind;
        if (!dead) {
          if (liveType !== null) odd ??= 'two nested types under one key';
          liveType = item;
        }
      } else if (!(content instanceof Y.ContentDeleted)) {
        odd ??= `a ${content.constructor.name} where the board keeps plain values`;
      }
    }
    if (newType !== null && values.length > 0) odd ??= 'a nested type and a plain value under one key';
    // Yjs writes a map entry after the key's last value and before nothing; one placed
    // before another value would be ordered by a right neighbour no honest browser names.
    if (parts.items.some((item) => item.rightOrigin !== null)) odd ??= 'a map entry placed before another value';
    if (odd) return { kind: 'foreign', why: odd, ...parts };
    const writes = values.length > 0 || newType !== null;
    // 'delete': the key held a value and is left empty, whatever the update also wrote; a
    // field of a belief born in this update is left empty too when nothing of it is live.
    const born = target.kind === 'belief' && target.ref.fields === null;
    const op = (): 'set' | 'delete' => ((held || born) && !live ? 'delete' : 'set');
    if (target.kind === 'belief') {
      return {
        kind: 'beliefField',
        belief: target.ref,
        key,
        op: op(),
        values,
        atBirth: target.ref.fields === null,
        newType: newType === null ? null : newType === 'text' ? 'text' : 'other',
        ...parts,
      };
    }
    const root = target.name;
    const existed = held;
    if (root === ROOT.beliefs) {
      if (newType === 'map') {
        const maps = parts.items.filter((item) => item.content instanceof Y.ContentType);
        // Not kept only when the update deletes every map it writes under the id (an add
        // taken back with Ctrl+Z): then nothing of it stays, whatever else lands there. Where
        // the outcome is a guess (nothing could be placed), it is judged as kept, in full.
        return { kind: 'newBelief', beliefId: key, existed, kept: liveType !== null, item: liveType ?? maps[maps.length - 1]!, ...parts };
      }
      // Strictly read: a belief's entry is written once, with its id, so anything else under it removes it.
      if (!writes) return { kind: 'rootEntry', root, key, op: 'delete', values, existed, ...parts };
      return { kind: 'foreign', why: 'a belief that is not a map of fields', ...parts };
    }
    if (newType !== null) return { kind: 'foreign', why: `a nested type in ${root}`, ...parts };
    return { kind: 'rootEntry', root, key, op: op(), values, existed, ...parts };
  }
}

/** One key to place: a struct of the room in its list of values (none when null), and the update's new values for it. */
interface KeyPlacing {
  anchor: Y.Item | null;
  items: readonly Y.Item[];
}

/**
 * More structs than this to rebuild for one update, and every key it needs placed counts
 * as emptied. Honest updates need a few (a reconnect's values that colleagues' superseded
 * meanwhile); the scratch document costs ≈ 8 µs a struct, so however an update is crafted
 * its placing holds the relay's thread for under ≈ 0.1 s.
 */
const MAX_PLACED_STRUCTS = 10_000;
const SCRATCH_ROOT = 'keys';

/**
 * For each key, the id of the value Yjs would leave last under it once its new values
 * join the room's (the list `anchor` is in): the part of each list that can bear on where
 * they land (listTail) rebuilt in one scratch document, under a scratch key of its own,
 * and the new values integrated by Yjs itself — merged runs split and conflicts ordered
 * exactly as applying the update will — then each key's value read back. Every value is
 * written live and holds its own id: deletion plays no part in where a value lands. Null
 * for a key when the scratch document could not place it, and for every key when the
 * lists are too long to rebuild: the caller then counts the key as emptied.
 */
function lastOfKeys(store: Y.Doc['store'], placings: readonly KeyPlacing[], mayPlace: (structs: number) => boolean): (Y.ID | null)[] {
  const lists: Copied[][] = [];
  let structs = 0;
  for (const { anchor, items } of placings) {
    const list = anchor === null ? [] : listTail(store, anchor, items, MAX_PLACED_STRUCTS - structs);
    if (list === null) return placings.map(() => null);
    for (const item of items) list.push({ item, from: Math.max(item.id.clock, Y.getState(store, item.id.client)), first: false });
    structs += list.length;
    if (structs > MAX_PLACED_STRUCTS) return placings.map(() => null);
    lists.push(list);
  }
  if (!mayPlace(structs)) return placings.map(() => null);
  // Collected as it goes: only the key's last value is read back, and a document that keeps
  // every superseded value merges them at each transaction's end in time that grows with
  // their number (3 s for 10,000 chained values; 50 ms collected).
  const scratch = new Y.Doc({ gc: true });
  try {
    return placeInScratch(scratch, lists);
  } finally {
    scratch.destroy();
  }
}

/** A room struct (or a new one) to copy into the scratch document, from clock `from`; `first`: as the list's first value. */
interface Copied {
  item: Y.Item;
  from: number;
  first: boolean;
}

/**
 * The end of the key's list (the one `anchor` is in) that decides where `items` land: from
 * the last value back to the nearest value P such that every value after P, and every new
 * one, has its origin at or after P. Yjs places a value by scanning rightwards from its
 * origin and stops at the first value whose origin lies before the scan's start, so neither
 * the new values nor the values after P ever look left of P, and those values' order among
 * themselves follows from themselves alone (Yjs's order does not depend on what else was
 * integrated, or when): copied with P standing first, they land as in the room. An honest
 * value's origin is the key's last value when it was written, so the tail is the values
 * written concurrently with the update — a handful — however long the key's history (a
 * note dragged for a whole workshop holds thousands). Without such a P (an origin in
 * another list: not a board Yjs made) the whole list is copied. Null past `budget` structs.
 */
function listTail(store: Y.Doc['store'], anchor: Y.Item, items: readonly Y.Item[], budget: number): Copied[] | null {
  // The room's structs holding an origin some copied or new value names, not yet walked.
  const needed = new Set<Y.AbstractStruct>();
  // A value with no origin scans from the list's start: then the whole list is copied.
  let fromStart = false;
  for (const item of items) {
    const state = Y.getState(store, item.id.client);
    const origin = item.id.clock < state ? Y.createID(item.id.client, state - 1) : item.origin;
    if (origin === null) fromStart = true;
    else if (origin.clock < Y.getState(store, origin.client)) needed.add(Y.getItem(store, origin));
  }
  let last: Y.Item = anchor;
  for (let steps = 0; last.right !== null; steps++) {
    if (steps === budget) return null;
    last = last.right;
  }
  const tail: Copied[] = [];
  for (let item: Y.Item | null = last; item !== null; item = item.left) {
    if (tail.length === budget) return null;
    needed.delete(item);
    if (needed.size === 0 && !fromStart && item.origin !== null) {
      tail.push({ item, from: item.id.clock, first: true });
      return tail.reverse();
    }
    tail.push({ item, from: item.id.clock, first: false });
    // A room value with no origin was placed by a scan from the list's start too.
    if (item.origin === null) fromStart = true;
    else needed.add(Y.getItem(store, item.origin));
  }
  // The list's start (its first value has no origin), or the budget: copied as it stands.
  return tail.reverse();
}

function placeInScratch(scratch: Y.Doc, lists: readonly Copied[][]): (Y.ID | null)[] {
  const root = scratch.getMap(SCRATCH_ROOT);
  // Yjs splits a struct after each clock another value names as its origin; the copies are
  // cut there beforehand, and before each piece's last clock, which alone holds a value
  // (its id) so that a run of any length costs two structs. Cutting where Yjs would not
  // changes no placement: nothing names the clock before a piece's last as its origin.
  const cuts = new Map<number, Set<number>>();
  for (const list of lists) {
    for (const { item, from, first } of list) {
      const origin = first ? null : from > item.id.clock ? Y.createID(item.id.client, from - 1) : item.origin;
      if (origin === null) continue;
      const clocks = cuts.get(origin.client);
      if (clocks) clocks.add(origin.clock);
      else cuts.set(origin.client, new Set([origin.clock]));
    }
  }
  const sortedCuts = new Map<number, number[]>();
  for (const [client, clocks] of cuts) sortedCuts.set(client, [...clocks].sort((a, b) => a - b));
  /** The cuts of `client` in [from, to), in order. */
  const cutsWithin = (client: number, from: number, to: number): number[] => {
    const clocks = sortedCuts.get(client) ?? [];
    let low = 0;
    let high = clocks.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (clocks[middle] < from) low = middle + 1;
      else high = middle;
    }
    const within: number[] = [];
    for (let index = low; index < clocks.length && clocks[index] < to; index++) within.push(clocks[index]);
    return within;
  };
  const byClient = new Map<number, Y.Item[]>();
  const add = (item: Y.Item) => {
    const list = byClient.get(item.id.client);
    if (list) list.push(item);
    else byClient.set(item.id.client, [item]);
  };
  lists.forEach((list, index) => {
    const key = String(index);
    for (const { item, from, first } of list) {
      const client = item.id.client;
      const end = item.id.clock + item.length;
      const within = cutsWithin(client, from, end - 1);
      let origin = first ? null : from > item.id.clock ? Y.createID(client, from - 1) : item.origin;
      let start = from;
      for (const last of [...within, end - 1]) {
        if (last > start) add(new Y.Item(Y.createID(client, start), null, origin, null, null, origin === null ? root : null, origin === null ? key : null, new Y.ContentDeleted(last - start)));
        const before = last > start ? Y.createID(client, last - 1) : origin;
        add(new Y.Item(Y.createID(client, last), null, before, null, null, before === null ? root : null, before === null ? key : null, new Y.ContentAny([[client, last]])));
        origin = Y.createID(client, last);
        start = last + 1;
      }
    }
  });
  const encoder = new Y.UpdateEncoderV1();
  const clients = Array.from(byClient.keys()).sort((a, b) => b - a);
  encoding.writeVarUint(encoder.restEncoder, clients.length);
  for (const client of clients) {
    const items = byClient.get(client)!.sort((a, b) => a.id.clock - b.id.clock);
    // Each client's structs from clock 0, the clocks of other keys standing as collected.
    const structs: (Y.Item | Y.GC)[] = [];
    let next = 0;
    for (const item of items) {
      // Two keys' lists sharing a struct: not a board Yjs made.
      if (item.id.clock < next) return lists.map(() => null);
      if (item.id.clock > next) structs.push(new Y.GC(Y.createID(client, next), item.id.clock - next));
      structs.push(item);
      next = item.id.clock + item.length;
    }
    encoding.writeVarUint(encoder.restEncoder, structs.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, 0);
    for (const struct of structs) struct.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, 0);
  Y.applyUpdate(scratch, encoder.toUint8Array());
  return lists.map((_, index) => {
    const last = root.get(String(index)) as [number, number] | undefined;
    return last === undefined ? null : Y.createID(last[0], last[1]);
  });
}
