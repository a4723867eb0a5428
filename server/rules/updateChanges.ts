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
// struct lists, a type's `parent`, and the Item / content classes.
import * as Y from 'yjs';
import { BOARD_ROOTS, ROOT } from '../../shared/schema.ts';

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
    | { kind: 'newBelief'; beliefId: string; existed: boolean }
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

export function readUpdateChanges(doc: Y.Doc, update: Uint8Array): UpdateChanges {
  const decoded = Y.decodeUpdate(update);
  const reader = new ChangeReader(doc, decoded.structs as Struct[], decoded.ds.clients);
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
      const groups = new ChangeGroups(this.doc);
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
    const list = this.byClient.get(id.client);
    if (!list) return MISSING;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const struct = list[middle];
      if (id.clock < struct.id.clock) high = middle - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = middle + 1;
      else return struct instanceof Y.Skip ? MISSING : struct;
    }
    return MISSING;
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

  constructor(private readonly doc: Y.Doc) {}

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
    for (const { target, keys } of this.maps.values()) {
      for (const [key, parts] of keys) out.push(this.entryChange(target, key, parts));
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
   * Whether a key's change that brings no live value takes away the value the key holds: it
   * deletes the room's live item, or brings an item, deleted already, that Yjs would place
   * last among the key's values (landsLast), and the key would read empty. A writer's own
   * earlier value that someone else's superseded before it reached the relay (sent again
   * after a reconnect, deleted by then) lands before the value that superseded it and
   * changes nothing; refusing it closed an honest browser's connection
   * (tests/integration/superseded-writes.test.ts).
   */
  private removesValue(parts: Parts): boolean {
    if (parts.deletions.length > 0) return true;
    return parts.items.some((item) => {
      // A first value has no neighbour in the room to judge from (and no honest browser
      // sends one deleted but two tabs setting a key for the first time at once).
      if (item.origin === null) return true;
      // After a struct of this update: behind that one, which is judged itself.
      if (item.origin.clock >= Y.getState(this.doc.store, item.origin.client)) return false;
      return landsLast(this.doc.store, item);
    });
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

  private entryChange(target: Extract<Target, { kind: 'root' | 'belief' }>, key: string, parts: Parts): BoardChange {
    const values: unknown[] = [];
    let newType: 'map' | 'text' | 'other' | null = null;
    let odd: string | null = null;
    for (const item of parts.items) {
      const content = item.content;
      if (content instanceof Y.ContentAny) {
        if (content.getLength() !== 1) odd ??= 'a map entry holding several values';
        values.push(...content.getContent());
      } else if (content instanceof Y.ContentType) {
        if (newType !== null) odd ??= 'two nested types under one key';
        newType = content.type instanceof Y.Map ? 'map' : content.type instanceof Y.Text ? 'text' : 'other';
      } else if (!(content instanceof Y.ContentDeleted)) {
        odd ??= `a ${content.constructor.name} where the board keeps plain values`;
      }
    }
    if (newType !== null && values.length > 0) odd ??= 'a nested type and a plain value under one key';
    if (odd) return { kind: 'foreign', why: odd, ...parts };
    const writes = values.length > 0 || newType !== null;
    const op = (): 'set' | 'delete' => (writes || !this.removesValue(parts) ? 'set' : 'delete');
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
    const existed = this.doc.getMap(root).has(key);
    if (root === ROOT.beliefs) {
      if (newType === 'map') return { kind: 'newBelief', beliefId: key, existed, ...parts };
      // Strictly read: a belief's entry is written once, with its id, so anything else under it removes it.
      if (!writes) return { kind: 'rootEntry', root, key, op: 'delete', values, existed, ...parts };
      return { kind: 'foreign', why: 'a belief that is not a map of fields', ...parts };
    }
    if (newType !== null) return { kind: 'foreign', why: `a nested type in ${root}`, ...parts };
    return { kind: 'rootEntry', root, key, op: op(), values, existed, ...parts };
  }
}

/**
 * Whether Yjs would place `item`, a map entry written right after the room's item at its
 * origin, last among its key's values: Item.integrate's conflict scan (yjs/src/structs/
 * Item.js), run over the room's list without changing it. A right origin the room does
 * not hold is not judged: the answer is then yes.
 */
function landsLast(store: Y.Doc['store'], item: Y.Item): boolean {
  const origin = Y.getItem(store, item.origin!);
  if (!(origin instanceof Y.Item)) return true;
  let right: Y.Item | null = null;
  if (item.rightOrigin !== null) {
    if (item.rightOrigin.clock >= Y.getState(store, item.rightOrigin.client)) return true;
    const found = Y.getItem(store, item.rightOrigin);
    if (!(found instanceof Y.Item)) return true;
    right = found;
  }
  let left: Y.Item = origin;
  if (left.right !== right) {
    const conflicting = new Set<Y.Item | Y.GC>();
    const beforeOrigin = new Set<Y.Item | Y.GC>();
    for (let o = left.right; o !== null && o !== right; o = o.right) {
      beforeOrigin.add(o);
      conflicting.add(o);
      if (sameId(item.origin, o.origin)) {
        if (o.id.client < item.id.client) {
          left = o;
          conflicting.clear();
        } else if (sameId(item.rightOrigin, o.rightOrigin)) {
          break;
        }
      } else if (o.origin !== null && beforeOrigin.has(Y.getItem(store, o.origin))) {
        if (!conflicting.has(Y.getItem(store, o.origin))) {
          left = o;
          conflicting.clear();
        }
      } else {
        break;
      }
    }
  }
  return left.right === null;
}

function sameId(a: Y.ID | null, b: Y.ID | null): boolean {
  return a === b || (a !== null && b !== null && a.client === b.client && a.clock === b.clock);
}
