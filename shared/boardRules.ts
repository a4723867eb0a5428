// Who may write what in a board document: one table, read by the relay to enforce it on
// every incoming update before anything is applied (server/rules/decideUpdate.ts) and by
// the UI to disable what would be refused. For each root type and key: who may create
// the entry, change it and delete it, and the shape its value must have. Anything not in
// the table — another root type, another key, a nested type where none belongs — is
// refused. The relay's own writes (round status, reveals, migrations) are not judged.
//
// Readers still tolerate any value they meet (boards written before these rules, or by
// other code): the rules keep new damage out, the readers survive old damage.
import * as Y from 'yjs';
import { roleCanEdit, type Role } from './access.ts';
import { ANONYMITY_KEY, isAnonymityLevel, isAnonymous, isMinAnswers, isPseudonym, readAnonymity } from './anonymity.ts';
import { actionsMap, isActionStatus, isDueDate } from './beliefActions.ts';
import { isNoteColor, PARTICIPANT_COLORS } from './colors.ts';
import { commentsMap } from './comments.ts';
import { isItemId } from './ids.ts';
import {
  MAX_ACTION_TEXT,
  MAX_BOARD_COORDINATE,
  MAX_BOARD_TITLE,
  MAX_COMMENT_MENTIONS,
  MAX_COMMENT_TEXT,
  MAX_DISPLAY_NAME,
  MAX_MIN_ANSWERS,
  MAX_TIMER_MS,
  MIN_MIN_ANSWERS,
} from './limits.ts';
import { isPlainRecord } from './repairValues.ts';
import { beliefsMap, isScalePoint, isTemplate, parsePositionKey, ROOT } from './schema.ts';
import { isBeliefInRound, readWorkshop, WORKSHOP_KEY } from './workshop.ts';

/** Who is writing: the role of their link and the participant id the relay verified. */
export interface Actor {
  role: Role;
  /** Null for a connection that proved no participant id (it may change nothing). */
  participantId: string | null;
}

/**
 * Who a rule lets write:
 * - `facilitator`: a facilitate link;
 * - `editor`: anyone with a participant or facilitate link;
 * - `self`: the participant the entry belongs to (a position's or participant record's id);
 * - `author`: the belief's author.
 * An empty list: nobody but the relay.
 */
export type Who = 'facilitator' | 'editor' | 'self' | 'author';

export interface EntryRule {
  create: readonly Who[];
  change: readonly Who[];
  delete: readonly Who[];
  /** The problem with a value, in words, or null when it fits. */
  value?: (value: unknown, key: string) => string | null;
  /** While the board is locked, only facilitators may write it. */
  locked?: boolean;
}

/**
 * Why a change was refused, and how badly:
 * - `refused`: an honest browser can get here when the board changed under it (locked,
 *   a round opened, the board is full): only that change is dropped and the browser told;
 * - `forbidden`: no honest browser ever sends it: the whole update is dropped and the
 *   connection closed.
 */
export interface Refusal {
  severity: 'refused' | 'forbidden';
  reason: string;
}

const RELAY_ONLY: EntryRule = { create: [], change: [], delete: [] };
const FACILITATOR_SETTING = (value: EntryRule['value']): EntryRule => ({
  create: ['facilitator'],
  change: ['facilitator'],
  delete: ['facilitator'],
  value,
});

// ---------------------------------------------------------------- values

const MAX_TIME = 8.64e15;

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_TIME;
}

/** A plain object with exactly these keys (no more, no prototype tricks). */
function hasExactKeys(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((key) => Object.hasOwn(value, key));
}

const checks = {
  title: (value: unknown) =>
    typeof value === 'string' && Array.from(value).length <= MAX_BOARD_TITLE ? null : `a title must be text of at most ${MAX_BOARD_TITLE} characters`,
  template: (value: unknown) => (isTemplate(value) ? null : 'no such template'),
  boolean: (value: unknown) => (typeof value === 'boolean' ? null : 'a yes/no setting must be true or false'),
  coordinate: (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_BOARD_COORDINATE ? null : 'a place on the board must be a number within the board',
  noteColor: (value: unknown) => (isNoteColor(value) ? null : 'not one of the note colours'),
  time: (value: unknown) => (isTime(value) ? null : 'a time must be a number of milliseconds'),
  timeOrNull: (value: unknown) => (value === null || isTime(value) ? null : 'a time must be a number of milliseconds, or null'),
  idOrNull: (value: unknown) => (value === null || isItemId(value) ? null : 'an id must be 1–64 letters, digits, - or _'),
  // The object writers write, or the tuple (PositionTuple) they will write from schema
  // version 4: every reader takes both (shared/schema.ts).
  position: (value: unknown) => {
    let fields: { agreement: unknown; direction: unknown; updatedAt: unknown };
    if (Array.isArray(value)) {
      if (value.length !== 3) return 'a position must be [agreement, direction, updatedAt]';
      fields = { agreement: value[0], direction: value[1], updatedAt: value[2] };
    } else if (hasExactKeys(value, ['agreement', 'direction', 'updatedAt'])) {
      fields = { agreement: value.agreement, direction: value.direction, updatedAt: value.updatedAt };
    } else {
      return 'a position must be [agreement, direction, updatedAt]';
    }
    if (fields.agreement !== 'pass' && !isScalePoint(fields.agreement)) return 'agreement must be −2…+2 or pass';
    if (fields.direction !== null && !isScalePoint(fields.direction)) return 'direction must be −2…+2 or none';
    return isTime(fields.updatedAt) ? null : 'updatedAt must be a time';
  },
  participant: (value: unknown) => {
    if (!hasExactKeys(value, ['name', 'color'])) return 'a participant must hold a name and a colour, nothing else';
    const { name, color } = value;
    if (typeof name !== 'string' || name.trim() === '' || name !== name.trim() || Array.from(name).length > MAX_DISPLAY_NAME) {
      return `a name must be 1–${MAX_DISPLAY_NAME} characters without surrounding spaces`;
    }
    return (PARTICIPANT_COLORS as readonly unknown[]).includes(color) ? null : 'not one of the participant colours';
  },
  timer: (value: unknown) => {
    if (!hasExactKeys(value, ['endsAt', 'remainingMs', 'durationMs'])) return 'a timer must hold endsAt, remainingMs and durationMs';
    const { endsAt, remainingMs, durationMs } = value;
    const span = (ms: unknown) => typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 && ms <= MAX_TIMER_MS;
    return (endsAt === null || isTime(endsAt)) && span(remainingMs) && span(durationMs) ? null : 'a timer holds times and spans of at most a day';
  },
  summon: (value: unknown) =>
    hasExactKeys(value, ['participantId', 'at']) && isItemId(value.participantId) && isTime(value.at) ? null : '"bring everyone to me" must name a participant and a time',
  presenting: (value: unknown) =>
    hasExactKeys(value, ['participantId', 'at']) && isItemId(value.participantId) && isTime(value.at) ? null : '"present" must name a participant and a time',
  comment: (value: unknown) => {
    if (!hasExactKeys(value, COMMENT_KEYS)) return `a comment must hold ${COMMENT_KEYS.join(', ')}, nothing else`;
    const { beliefId, authorId, parentId, text, mentions, createdAt, editedAt } = value;
    if (!isItemId(beliefId) || !isItemId(authorId) || !(parentId === null || isItemId(parentId))) return "a comment's belief, author and thread must be ids";
    if (!isShortText(text, MAX_COMMENT_TEXT)) return `a comment must be 1–${MAX_COMMENT_TEXT} characters without surrounding spaces`;
    if (!Array.isArray(mentions) || mentions.length > MAX_COMMENT_MENTIONS || !mentions.every(isItemId) || new Set(mentions).size !== mentions.length) {
      return `a comment mentions at most ${MAX_COMMENT_MENTIONS} different participants, by id`;
    }
    return isTime(createdAt) && (editedAt === null || isTime(editedAt)) ? null : "a comment's times must be times";
  },
  hide: (value: unknown) => (hasExactKeys(value, ['by', 'at']) && isItemId(value.by) && isTime(value.at) ? null : 'a hidden comment must name who hid it and when'),
  action: (value: unknown) => {
    if (!hasExactKeys(value, ACTION_KEYS)) return `an action must hold ${ACTION_KEYS.join(', ')}, nothing else`;
    const { beliefId, text, ownerId, ownerName, due, status, authorId, createdAt, updatedAt } = value;
    if (!isItemId(beliefId) || !isItemId(authorId) || !(ownerId === null || isItemId(ownerId))) return "an action's belief, author and person must be ids";
    if (!isShortText(text, MAX_ACTION_TEXT)) return `an action must say what in 1–${MAX_ACTION_TEXT} characters without surrounding spaces`;
    const nameFits = typeof ownerName === 'string' && (ownerName === '' || isShortText(ownerName, MAX_DISPLAY_NAME));
    if (!nameFits || (ownerId !== null && ownerName !== '')) return `an action is for a participant or a name of at most ${MAX_DISPLAY_NAME} characters, not both`;
    if (!(due === null || isDueDate(due))) return '"by when" must be a date written YYYY-MM-DD, or none';
    if (!isActionStatus(status)) return 'an action is open or done';
    return isTime(createdAt) && isTime(updatedAt) ? null : "an action's times must be times";
  },
  anonymity: (value: unknown) => (isAnonymityLevel(value) ? null : 'anonymity must be named, participants or everyone'),
  minAnswers: (value: unknown) => (isMinAnswers(value) ? null : `the minimum number of answers must be a whole number from ${MIN_MIN_ANSWERS} to ${MAX_MIN_ANSWERS}`),
};

const COMMENT_KEYS = ['beliefId', 'authorId', 'parentId', 'text', 'mentions', 'createdAt', 'editedAt'] as const;
const ACTION_KEYS = ['beliefId', 'text', 'ownerId', 'ownerName', 'due', 'status', 'authorId', 'createdAt', 'updatedAt'] as const;

function isShortText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.trim() !== '' && value === value.trim() && Array.from(value).length <= max;
}

// ---------------------------------------------------------------- the table

/** Root maps whose keys are fixed. */
export const KEYED_ROOTS: Record<string, Record<string, EntryRule>> = {
  [ROOT.meta]: {
    schemaVersion: RELAY_ONLY,
    createdAt: RELAY_ONLY,
    title: { create: [], change: ['facilitator'], delete: [], value: checks.title },
    template: { create: [], change: ['facilitator'], delete: [], value: checks.template },
  },
  [ROOT.workshop]: {
    [WORKSHOP_KEY.timer]: FACILITATOR_SETTING(checks.timer),
    [WORKSHOP_KEY.locked]: FACILITATOR_SETTING(checks.boolean),
    [WORKSHOP_KEY.privateWriting]: FACILITATOR_SETTING(checks.boolean),
    [WORKSHOP_KEY.summon]: FACILITATOR_SETTING(checks.summon),
    [WORKSHOP_KEY.presenting]: FACILITATOR_SETTING(checks.presenting),
    [ANONYMITY_KEY.level]: FACILITATOR_SETTING(checks.anonymity),
    [ANONYMITY_KEY.minAnswers]: FACILITATOR_SETTING(checks.minAnswers),
    [ANONYMITY_KEY.waiting]: RELAY_ONLY,
    [WORKSHOP_KEY.round]: RELAY_ONLY,
  },
};

/** Root maps keyed by ids: one rule for every entry, with the key's own format. */
export const ENTRY_ROOTS: Record<
  string,
  EntryRule & {
    key: (key: string) => string | null;
    /** Judges a change whose writers depend on the record itself (after the key and the value passed). */
    record?: (doc: Y.Doc, actor: Actor, change: EntryChange, born: ReadonlySet<string>) => Refusal | null;
  }
> = {
  [ROOT.positions]: {
    create: ['self'],
    change: ['self'],
    // A facilitator removes a participant's answers with them.
    delete: ['self', 'facilitator'],
    value: checks.position,
    key: (key) => (parsePositionKey(key) && isItemId(parsePositionKey(key)!.beliefId) && isItemId(parsePositionKey(key)!.participantId) ? null : 'a position key must be "<belief id>:<participant id>"'),
  },
  [ROOT.participants]: {
    create: ['self'],
    change: ['self'],
    delete: [],
    value: checks.participant,
    key: (key) => (isItemId(key) ? null : 'a participant id must be 1–64 letters, digits, - or _'),
  },
  [ROOT.rounds]: { ...RELAY_ONLY, key: () => null },
  // The discussion and the actions: who may write depends on the stored record (its author,
  // the person an action is for), so `record` judges them once the key has passed. The
  // lock is for the notes: a locked board can still be discussed.
  [ROOT.comments]: {
    create: ['author'],
    change: ['author'],
    delete: ['author'],
    value: checks.comment,
    key: itemKey('a comment id'),
    record: (doc, actor, change, born) => judgeComment(doc, actor, change, born),
  },
  [ROOT.hiddenComments]: {
    create: ['facilitator'],
    change: ['facilitator'],
    delete: ['facilitator'],
    value: checks.hide,
    key: itemKey('a comment id'),
    record: (_doc, actor, change) => {
      if (!isAllowed(actor, ['facilitator'])) return forbidden(`${describeActor(actor)} may not hide or show comments`);
      const byOther = change.values.some((value) => (value as { by?: unknown } | null)?.by !== actor.participantId);
      return byOther ? forbidden('a hidden comment names the facilitator who hid it') : null;
    },
  },
  [ROOT.actions]: {
    create: ['author'],
    change: ['author', 'self', 'facilitator'],
    delete: ['author', 'self', 'facilitator'],
    value: checks.action,
    key: itemKey('an action id'),
    record: (doc, actor, change, born) => judgeAction(doc, actor, change, born),
  },
};

function itemKey(what: string): (key: string) => string | null {
  return (key) => (isItemId(key) && key !== '__proto__' ? null : `${what} must be 1–64 letters, digits, - or _`);
}

type EntryChange = { key: string; op: 'set' | 'delete'; values: readonly unknown[]; existed: boolean };

/** The stored record under `key` of `map`, as a plain record, or null. */
function storedRecord(map: { get(key: string): unknown }, key: string): Record<string, unknown> | null {
  const stored = map.get(key);
  return isPlainRecord(stored) ? stored : null;
}

function idOf(record: Record<string, unknown> | null, field: string): string | null {
  const value = record?.[field];
  return typeof value === 'string' ? value : null;
}

/** Fields a record keeps for life: an edit that changes one of them is no edit. */
function keepsFields(value: unknown, stored: Record<string, unknown>, fields: readonly string[]): boolean {
  return fields.every((field) => (value as Record<string, unknown>)[field] === stored[field]);
}

function beliefGone(doc: Y.Doc, beliefId: unknown, born: ReadonlySet<string>): boolean {
  return typeof beliefId === 'string' && !(beliefsMap(doc).get(beliefId) instanceof Y.Map) && !born.has(beliefId);
}

const ANONYMOUS_COMMENT_REFUSAL = 'Comments on this board are anonymous now: your comment was not kept under your name. Write it again.';

/**
 * A comment: written by its author only (a new one names the writer as its author, an
 * edit or deletion is of the writer's own); its belief, thread and time never change; a
 * reply answers a top-level comment on the same belief.
 */
function judgeComment(doc: Y.Doc, actor: Actor, change: EntryChange, born: ReadonlySet<string>): Refusal | null {
  const stored = change.existed ? storedRecord(commentsMap(doc), change.key) : null;
  const storedAuthor = idOf(stored, 'authorId');
  // Under an anonymous level a browser's comment would sit under its name: comments go to
  // the relay on the workshop channel, which writes them under the author's pseudonym.
  // Refused, not forbidden, whatever the write: a browser that had not yet heard of the
  // switch sends one honestly — its own comment, or an edit of one the switch has just
  // moved under its pseudonym — and a forged one is cut out all the same.
  if (isAnonymous(readAnonymity(doc).level)) return refused(ANONYMOUS_COMMENT_REFUSAL);
  if (change.op === 'delete') {
    return isAllowed(actor, ['author'], { author: storedAuthor }) ? null : forbidden(`${describeActor(actor)} may not delete a comment someone else wrote`);
  }
  // No value kept (a superseded edit of mine arriving after a reconnect): it changes
  // nothing, but only the author's browser ever sends one under the comment's key.
  if (change.values.length === 0) {
    return !change.existed || storedAuthor === actor.participantId ? null : forbidden(`${describeActor(actor)} may not change a comment someone else wrote`);
  }
  for (const value of change.values) {
    const author = (value as { authorId: unknown }).authorId;
    if (author !== actor.participantId) return forbidden("a comment's author must be the participant who writes it");
    if (change.existed) {
      if (storedAuthor !== actor.participantId) return forbidden(`${describeActor(actor)} may not change a comment someone else wrote`);
      if (!keepsFields(value, stored!, ['beliefId', 'parentId', 'createdAt'])) return forbidden('a comment keeps its belief, its thread and its time');
    }
  }
  if (!change.existed) {
    // Every value written: which one Yjs keeps depends on where each lands.
    for (const value of change.values as { beliefId: string; parentId: string | null }[]) {
      if (value.parentId !== null) {
        if (value.parentId === change.key) return forbidden('a comment does not answer itself');
        const parent = storedRecord(commentsMap(doc), value.parentId);
        if (parent && (parent.parentId !== null || parent.beliefId !== value.beliefId)) return forbidden('a reply answers a top-level comment on the same belief');
      }
      if (beliefGone(doc, value.beliefId, born)) return refused('That belief is no longer on the board: your comment was not posted.');
    }
  }
  return null;
}

/**
 * An action: anyone who edits adds one, in their own name; its author, the participant it
 * is for and facilitators change or remove it; its belief, author and creation time stay.
 */
function judgeAction(doc: Y.Doc, actor: Actor, change: EntryChange, born: ReadonlySet<string>): Refusal | null {
  const stored = change.existed ? storedRecord(actionsMap(doc), change.key) : null;
  const owners = { author: idOf(stored, 'authorId'), self: idOf(stored, 'ownerId') };
  const who = ENTRY_ROOTS[ROOT.actions];
  if (change.op === 'delete') {
    return isAllowed(actor, who.delete, owners) ? null : forbidden(`${describeActor(actor)} may not remove an action that is neither theirs nor for them`);
  }
  // No value kept: it changes nothing, but only a browser that may change the action sends one.
  if (change.values.length === 0) {
    return !change.existed || isAllowed(actor, who.change, owners) ? null : forbidden(`${describeActor(actor)} may not change an action that is neither theirs nor for them`);
  }
  for (const value of change.values) {
    if (!change.existed) {
      if ((value as { authorId: unknown }).authorId !== actor.participantId) return forbidden("a new action's author must be the participant who adds it");
      continue;
    }
    if (!stored || !isAllowed(actor, who.change, owners)) return forbidden(`${describeActor(actor)} may not change an action that is neither theirs nor for them`);
    if (!keepsFields(value, stored, ['beliefId', 'authorId', 'createdAt'])) return forbidden('an action keeps its belief, its author and its time');
  }
  if (!change.existed && (change.values as { beliefId: string }[]).some((value) => beliefGone(doc, value.beliefId, born))) {
    return refused('That belief is no longer on the board: your action was not saved.');
  }
  return null;
}

/**
 * A belief: a map created whole by `addBelief` (never replaced), then its fields. Deleting
 * one sets `deletedAt`, so it waits in "Recently deleted"; removing it outright happens only
 * when its author undoes adding it (or a facilitator's undo does). `birth` says whether a
 * field must be written when the belief is created; `later` who may change it afterwards
 * (and remove it, for an optional field, as undoing its first setting does).
 */
export const BELIEF_ENTRY = {
  create: ['editor'] as readonly Who[],
  remove: ['author', 'facilitator'] as readonly Who[],
  locked: true,
  key: (key: string) => {
    if (!isItemId(key)) return 'a belief id must be 1–64 letters, digits, - or _';
    // Who answered a round is a plain record keyed by belief id (workshop.round.answered),
    // and lib0 decodes such a key into the record's prototype in every browser: the entry
    // would vanish. No browser makes such an id (they are random).
    return key === '__proto__' ? 'a belief id may not be "__proto__"' : null;
  },
};

export interface BeliefFieldRule {
  birth: 'required' | 'optional' | 'never';
  later: readonly Who[];
  value?: (value: unknown, key: string) => string | null;
  /** The field holds a Y.Text rather than a plain value. */
  text?: boolean;
}

export const BELIEF_FIELDS: Record<string, BeliefFieldRule> = {
  text: { birth: 'required', later: [], text: true },
  x: { birth: 'required', later: ['editor'], value: checks.coordinate },
  y: { birth: 'required', later: ['editor'], value: checks.coordinate },
  color: { birth: 'required', later: ['editor'], value: checks.noteColor },
  authorId: { birth: 'required', later: [] },
  createdAt: { birth: 'required', later: [], value: checks.time },
  deletedAt: { birth: 'optional', later: ['author', 'facilitator'], value: checks.timeOrNull },
  deletedBy: { birth: 'optional', later: ['author', 'facilitator'], value: checks.idOrNull },
};

/**
 * What keeps a private note from joining the board as a belief when private writing ends
 * (the relay adds it then as its own write, which nothing judges), or null: its id, place,
 * colour and time must be what a belief may have. Its text is bounded when it is read.
 */
export function privateNoteProblem(note: { id: string; x: number; y: number; color: string; createdAt: number }): string | null {
  return BELIEF_ENTRY.key(note.id) ?? checks.coordinate(note.x) ?? checks.coordinate(note.y) ?? checks.noteColor(note.color) ?? checks.time(note.createdAt);
}

/** Who may edit a belief's text: anyone who edits, unless the board is locked. */
export const BELIEF_TEXT_EDIT: readonly Who[] = ['editor'];

// ---------------------------------------------------------------- judging

/** Whether `actor` is among `who`; `owner` is the participant the entry belongs to, `author` the belief's. */
export function isAllowed(actor: Actor, who: readonly Who[], owner: { self?: string | null; author?: string | null } = {}): boolean {
  if (!roleCanEdit(actor.role) || actor.participantId === null) return false;
  return who.some((kind) => {
    switch (kind) {
      case 'facilitator':
        return actor.role === 'facilitate';
      case 'editor':
        return true;
      case 'self':
        return owner.self !== undefined && owner.self === actor.participantId;
      case 'author':
        return owner.author !== undefined && owner.author === actor.participantId;
    }
  });
}

const forbidden = (reason: string): Refusal => ({ severity: 'forbidden', reason });
const refused = (reason: string): Refusal => ({ severity: 'refused', reason });

function lockedFor(actor: Actor, doc: Y.Doc): boolean {
  return actor.role !== 'facilitate' && readWorkshop(doc).locked;
}

function opWho(rule: EntryRule, op: 'set' | 'delete', existed: boolean): readonly Who[] {
  return op === 'delete' ? rule.delete : existed ? rule.change : rule.create;
}

/**
 * A key of `meta`, `workshop`, `positions`, `participants` or `rounds`. `bornBeliefIds`:
 * beliefs created by the same update (an answer to a belief added offline comes with it).
 */
export function judgeRootEntry(
  doc: Y.Doc,
  actor: Actor,
  change: { root: string; key: string; op: 'set' | 'delete'; values: readonly unknown[]; existed: boolean },
  bornBeliefIds: ReadonlySet<string> = new Set(),
): Refusal | null {
  const { root, key, op, values, existed } = change;
  const keyed = KEYED_ROOTS[root];
  let rule: EntryRule | undefined;
  let owner: string | null = null;
  if (keyed) {
    rule = Object.hasOwn(keyed, key) ? keyed[key] : undefined;
    if (!rule) return forbidden(`${root} has no "${key.slice(0, 40)}"`);
  } else {
    const entries = Object.hasOwn(ENTRY_ROOTS, root) ? ENTRY_ROOTS[root] : undefined;
    if (!entries) return forbidden(`${root.slice(0, 40)} is not written by browsers`);
    const badKey = entries.key(key);
    if (badKey) return forbidden(badKey);
    if (entries.record) {
      if (!roleCanEdit(actor.role) || actor.participantId === null) return forbidden(`${describeActor(actor)} may not write ${root}`);
      if (op === 'set') {
        for (const value of values) {
          const problem = entries.value!(value, key);
          if (problem) return forbidden(problem);
        }
      }
      return entries.record(doc, actor, change, bornBeliefIds);
    }
    rule = entries;
    owner = root === ROOT.positions ? parsePositionKey(key)!.participantId : key;
    // A pseudonym's answers are the relay's to write (anonymity levels): a browser writing
    // under one would pass its own answers off as a stranger's, or delete someone's.
    if ((root === ROOT.positions || root === ROOT.participants) && isPseudonym(owner)) return forbidden(`only the relay writes under a pseudonym (${root})`);
  }
  const who = opWho(rule, op, existed);
  if (!isAllowed(actor, who, { self: owner })) {
    if (who.length === 0) return forbidden(`only the relay writes ${root}.${key.slice(0, 40)}`);
    return forbidden(`${describeActor(actor)} may not ${op === 'delete' ? 'delete' : 'write'} ${root}.${key.slice(0, 40)}`);
  }
  if (op === 'set' && rule.value) {
    for (const value of values) {
      const problem = rule.value(value, key);
      if (problem) return forbidden(problem);
    }
  }
  if (root === ROOT.positions && op === 'set') return judgePositionWrite(doc, parsePositionKey(key)!.beliefId, bornBeliefIds);
  return null;
}

/**
 * Under an anonymous level a browser's own position would sit under its name: answers go
 * to the relay on the workshop channel instead. Refused, not forbidden: a browser that had
 * not yet heard of the switch sends one honestly.
 */
function judgePositionWrite(doc: Y.Doc, beliefId: string, bornBeliefIds: ReadonlySet<string>): Refusal | null {
  if (isAnonymous(readAnonymity(doc).level)) return refused('Answers on this board are anonymous now: your answer was not saved under your name. Answer again.');
  return judgePositionTiming(doc, beliefId, bornBeliefIds);
}

/** A position can be written only on a belief that exists and is not in an open (sealed) round. */
function judgePositionTiming(doc: Y.Doc, beliefId: string, bornBeliefIds: ReadonlySet<string>): Refusal | null {
  const record = beliefsMap(doc).get(beliefId);
  if (!(record instanceof Y.Map) && !bornBeliefIds.has(beliefId)) return refused('That belief is no longer on the board: your answer was not saved.');
  if (isBeliefInRound(readWorkshop(doc).round, beliefId)) {
    return refused('A sealed round started on that belief: answer it again, it will stay sealed until the reveal.');
  }
  return null;
}

/** A belief created by this update, judged whole with the fields written with it. */
export function judgeNewBelief(
  doc: Y.Doc,
  actor: Actor,
  belief: {
    beliefId: string;
    existed: boolean;
    /** False for a belief added and taken back in the same update (Ctrl+Z while offline): nothing of it stays. */
    kept: boolean;
    /** Brought back under an id that held a belief before: an undo manager's redo, never a first add. */
    reborn?: boolean;
    fields: ReadonlyMap<string, { op: 'set' | 'delete'; values: readonly unknown[]; text: boolean }>;
  },
): Refusal | null {
  const badKey = BELIEF_ENTRY.key(belief.beliefId);
  if (badKey) return forbidden(badKey);
  if (belief.existed) return forbidden('a belief is never replaced');
  if (!isAllowed(actor, BELIEF_ENTRY.create)) return forbidden(`${describeActor(actor)} may not add beliefs`);
  if (!belief.kept) return null;
  for (const [key, field] of belief.fields) {
    const rule = Object.hasOwn(BELIEF_FIELDS, key) ? BELIEF_FIELDS[key] : undefined;
    if (!rule || rule.birth === 'never') return forbidden(`a belief has no field "${key.slice(0, 40)}"`);
    // An optional field set and cleared before the belief reached the relay (deleted and
    // restored offline) is one it was never given; a required one it must keep.
    if ((field.op === 'delete' && rule.birth === 'required') || field.text !== !!rule.text) return forbidden(`a new belief's ${key} is not what addBelief writes`);
    if (rule.value) {
      for (const value of field.values) {
        const problem = rule.value(value, key);
        if (problem) return forbidden(problem);
      }
    }
  }
  for (const [key, rule] of Object.entries(BELIEF_FIELDS)) {
    if (rule.birth !== 'required' || belief.fields.has(key)) continue;
    // Yjs's redo can bring a note back without a field its undo history lost (seen in the
    // honest fuzz: a tab's redo of a note added and moved offline, without x and y, in the
    // tab itself). Refused in words; the tab reloads its copy. A first add never lacks one.
    if (belief.reborn) return refused(`Your redo would have brought back a note without its ${FIELD_WORDS[key] ?? key}: it was not saved.`);
    return forbidden(`a new belief must have its ${key}`);
  }
  // Every value written, not the last in the update's order: which one Yjs keeps depends
  // on where each lands, and a second first value lands before the first.
  const authors = belief.fields.get('authorId')!.values;
  if (authors.length === 0 || authors.some((author) => author !== actor.participantId)) return forbidden("a new belief's author must be the participant who adds it");
  if (lockedFor(actor, doc)) return refused('The facilitator locked the notes: your new belief was not added.');
  return null;
}

/** A belief's fields as a person reads them. */
const FIELD_WORDS: Record<string, string> = { x: 'place', y: 'place', color: 'colour', text: 'text', authorId: 'author', createdAt: 'time' };

/** A field of a belief already on the board. */
export function judgeBeliefField(
  doc: Y.Doc,
  actor: Actor,
  change: { authorId: string | null; key: string; op: 'set' | 'delete'; values: readonly unknown[]; newType: boolean },
): Refusal | null {
  const rule = Object.hasOwn(BELIEF_FIELDS, change.key) ? BELIEF_FIELDS[change.key] : undefined;
  if (!rule) return forbidden(`a belief has no field "${change.key.slice(0, 40)}"`);
  if (rule.text || change.newType) return forbidden(`a belief's ${change.key} is never replaced`);
  if (!isAllowed(actor, rule.later, { author: change.authorId })) {
    if (rule.later.length === 0) return forbidden(`a belief's ${change.key} never changes`);
    return forbidden(`${describeActor(actor)} may not change this belief's ${change.key}`);
  }
  // Refused, not forbidden, from someone who may change it: Yjs's undo empties the field
  // in an honest browser when its move raced a colleague's (it will not bring back a value
  // a remote one sits after); the removal is cut out and the browser told, not closed.
  if (change.op === 'delete' && rule.birth !== 'optional') return refused(`Your undo would have left a note without its ${FIELD_WORDS[change.key] ?? change.key}: it was not saved.`);
  if (rule.value) {
    for (const value of change.values) {
      const problem = rule.value(value, change.key);
      if (problem) return forbidden(problem);
    }
  }
  if (lockedFor(actor, doc)) return refused('The facilitator locked the notes: your change to a note was not saved.');
  return null;
}

/** A belief removed outright (its author undoing its creation). */
export function judgeBeliefRemoval(doc: Y.Doc, actor: Actor, beliefId: string): Refusal | null {
  // A belief added and taken back before it reached the relay (Ctrl+Z while offline):
  // nothing on the board is removed.
  if (!beliefsMap(doc).has(beliefId)) return null;
  const record = beliefsMap(doc).get(beliefId);
  const authorId = record instanceof Y.Map ? record.get('authorId') : undefined;
  if (!isAllowed(actor, BELIEF_ENTRY.remove, { author: typeof authorId === 'string' ? authorId : null })) {
    return forbidden(`${describeActor(actor)} may not remove a belief someone else wrote`);
  }
  if (lockedFor(actor, doc)) return refused('The facilitator locked the notes: the belief was not removed.');
  return null;
}

/** An edit of a belief's text (its Y.Text). */
export function judgeBeliefText(doc: Y.Doc, actor: Actor, change: { oddContent: string | null }): Refusal | null {
  if (change.oddContent) return forbidden(`a belief's text holds only characters, not ${change.oddContent}`);
  if (!isAllowed(actor, BELIEF_TEXT_EDIT)) return forbidden(`${describeActor(actor)} may not edit notes`);
  if (lockedFor(actor, doc)) return refused('The facilitator locked the notes: your typing was not saved.');
  return null;
}

function describeActor(actor: Actor): string {
  if (actor.participantId === null) return 'a browser that did not prove who it is';
  return actor.role === 'facilitate' ? 'a facilitator' : actor.role === 'edit' ? 'a participant' : 'a view-only link';
}

// ---------------------------------------------------------------- for the UI

/** Whether `actor` may delete (or restore) a belief written by `authorId`. */
export function mayDeleteBelief(actor: Actor, authorId: string): boolean {
  return isAllowed(actor, BELIEF_FIELDS.deletedAt.later, { author: authorId });
}

/** Whether `actor` may change the notes now (add, move, recolour, type): not while locked, unless facilitating. */
export function mayChangeNotes(doc: Y.Doc, actor: Actor): boolean {
  return isAllowed(actor, BELIEF_ENTRY.create) && !lockedFor(actor, doc);
}

/** Whether `actor` may rename the board or change its template. */
export function mayChangeBoardSettings(actor: Actor): boolean {
  return isAllowed(actor, KEYED_ROOTS[ROOT.meta].title.change);
}

/** Whether `actor` may edit or delete a comment written by `authorId`: only its author. */
export function mayChangeComment(actor: Actor, authorId: string): boolean {
  return isAllowed(actor, ENTRY_ROOTS[ROOT.comments].change, { author: authorId });
}

/** Whether `actor` may hide comments (and show them again): facilitators. */
export function mayHideComments(actor: Actor): boolean {
  return isAllowed(actor, ENTRY_ROOTS[ROOT.hiddenComments].create);
}

/** Whether `actor` may change or remove an action: its author, the participant it is for, a facilitator. */
export function mayChangeAction(actor: Actor, action: { authorId: string; ownerId: string | null }): boolean {
  return isAllowed(actor, ENTRY_ROOTS[ROOT.actions].change, { author: action.authorId, self: action.ownerId });
}
