// The relay's decision on one incoming update, made before it touches the room's document,
// the store or anyone else (docs/security.md): read what it would change
// (updateChanges.ts), judge every change by the rules table (shared/boardRules.ts), then
// apply it whole, apply it without the changes the board's state refused
// (updateFilter.ts), or refuse it.
import * as Y from 'yjs';
import { roleCanEdit } from '../../shared/access.ts';
import {
  judgeBeliefField,
  judgeBeliefRemoval,
  judgeBeliefText,
  judgeNewBelief,
  judgeRootEntry,
  type Actor,
  type Refusal,
} from '../../shared/boardRules.ts';
import { beliefsMap, ROOT } from '../../shared/schema.ts';
import { readUpdateChanges, type BoardChange, type Segment } from './updateChanges.ts';
import { filterUpdate, withoutClients } from './updateFilter.ts';

/**
 * Who a Yjs client id (the author of structs) belongs to, as the room has seen it;
 * `pending`: another relay of the cluster wrote under it and the record does not say whose
 * it is yet.
 */
export type ClientOwnership = 'mine' | 'free' | 'taken' | 'pending';

export interface DecisionContext {
  actor: Actor;
  /** Whether the actor may write structs under a client id. */
  ownerOf(client: number): ClientOwnership;
  maxBeliefsPerBoard: number;
  maxBeliefText: number;
  /** Whether the board has room for an update of this many bytes (server/limits/boardGuard.ts). */
  fits(bytes: number): boolean;
  /** Why these client ids, new to the board, may not come in now (in words), or null. */
  newClients?(clients: number[]): string | null;
  /** Whether the board may spend rebuilding this many structs to place values now (updateChanges.ts). */
  mayPlace?(structs: number): boolean;
  /**
   * The update is the sender's sync step 2: everything it holds that the room lacks. After
   * a relay restart that can include other writers' changes it was relayed but the store
   * never got (see `withoutOthersWork`).
   */
  catchUp?: boolean;
}

export type UpdateDecision =
  /** Nothing in it changes the board (or the link changes nothing): apply nothing, say nothing. */
  | { kind: 'nothing' }
  /** Apply `update` (the one received, or a copy without `refusals`); `clients` are the client ids it writes. */
  | { kind: 'apply'; update: Uint8Array; refusals: Refusal[]; clients: Set<number> }
  /** It builds on structs the room lacks: ask the sender for everything it has that the room does not. */
  | { kind: 'resync' }
  /**
   * A catch-up that builds on other writers' changes the store lost (withoutOthersWork):
   * nothing of it can be applied until the author of `waitingFor`'s structs sends them again.
   */
  | { kind: 'heldBack'; waitingFor: number[] }
  /** It writes under a client id whose owner is not on record here yet (a cluster): decide it again once it is. */
  | { kind: 'wait' }
  /** No honest browser sends this: drop it whole and close the connection. */
  | { kind: 'forbidden'; reason: string };

export function decideUpdate(doc: Y.Doc, update: Uint8Array, context: DecisionContext): UpdateDecision {
  const read = readUpdateChanges(doc, update, context.mayPlace);
  if (read.malformed) return { kind: 'forbidden', reason: `the update is malformed (${read.malformed})` };
  const { actor } = context;
  const writesAnything = read.changes.length > 0 || read.clientsWritten.size > 0;
  if (!writesAnything) return { kind: 'nothing' };
  // A view-only link, or a browser that could not prove who it is, was told once, on
  // joining, that its changes are dropped.
  if (!roleCanEdit(actor.role) || actor.participantId === null) return { kind: 'nothing' };
  if (context.catchUp) {
    const others = [...read.clientsWritten].filter((client) => context.ownerOf(client) === 'taken');
    if (others.length > 0) return withoutOthersWork(doc, update, others, context);
  }
  if (read.missing) return { kind: 'resync' };
  let pending = false;
  const fresh: number[] = [];
  for (const client of read.clientsWritten) {
    const owner = context.ownerOf(client);
    if (owner === 'taken') return { kind: 'forbidden', reason: `it writes as Yjs client ${client}, which belongs to someone else` };
    if (owner === 'pending') pending = true;
    if (owner === 'free') fresh.push(client);
  }
  if (pending) return { kind: 'wait' };
  const tooMany = fresh.length > 0 ? (context.newClients?.(fresh) ?? null) : null;
  if (tooMany) return { kind: 'forbidden', reason: tooMany };
  if (read.changes.length === 0) return { kind: 'apply', update, refusals: [], clients: read.clientsWritten };

  const verdicts: Verdict[] = context.fits(update.length)
    ? judgeChanges(doc, read.changes, context)
    : read.changes.map((change) => ({ change, refusal: { severity: 'refused', reason: 'This board has reached its size limit: your last change was not saved.' } }));
  const forbidden = verdicts.find(({ refusal }) => refusal?.severity === 'forbidden');
  if (forbidden) return { kind: 'forbidden', reason: forbidden.refusal!.reason };
  const refused = verdicts.filter(({ refusal }) => refusal !== null);
  if (refused.length === 0) return { kind: 'apply', update, refusals: [], clients: read.clientsWritten };

  const refusedItems = new Set<Y.Item>();
  const refusedDeletions: Segment[] = [];
  for (const { change } of refused) {
    for (const item of change.items) refusedItems.add(item);
    refusedDeletions.push(...change.deletions);
  }
  const refusals = uniqueReasons(refused.map(({ refusal }) => refusal!));
  return { kind: 'apply', update: filterUpdate(read.structs, read.deleteSet, refusedItems, refusedDeletions), refusals, clients: read.clientsWritten };
}

/**
 * A sync step 2 carrying structs written under someone else's client id. A live update
 * that does so is forged, but a catch-up can honestly hold them: the relay sends a change
 * to the others at once and stores it within milliseconds, and if it stopped in between,
 * the others hold a change the store never got. Those structs are not this sender's to
 * give (taking them would let anyone write as anyone), so they are left out, with the
 * deletions Yjs made as they landed (updateFilter.ts, withoutClients), and the sender
 * stays: its own part is decided as usual. The change comes back with its author's
 * browser, which still holds it; if the sender's part builds on it, all of it waits until
 * then (held back, and so not confirmed to the sender).
 */
function withoutOthersWork(doc: Y.Doc, update: Uint8Array, others: number[], context: DecisionContext): UpdateDecision {
  const own = decideUpdate(doc, withoutClients(doc, update, new Set(others)), { ...context, catchUp: false });
  return own.kind === 'resync' ? { kind: 'heldBack', waitingFor: others } : own;
}

interface Verdict {
  change: BoardChange;
  refusal: Refusal | null;
}

function judgeChanges(doc: Y.Doc, changes: BoardChange[], context: DecisionContext): Verdict[] {
  const { actor } = context;
  const verdicts: Verdict[] = [];
  // A belief born in this update is judged whole, with the fields and text written with it.
  const births = new Map<Y.Item, { change: Extract<BoardChange, { kind: 'newBelief' }>; parts: BoardChange[] }>();
  for (const change of changes) {
    if (change.kind !== 'newBelief') continue;
    // Every map the update writes under the id (an undo's and a redo's) is this birth; the
    // fields of one it also deletes go with it, unjudged: nothing of them stays.
    const born = { change, parts: [] };
    for (const item of change.items) if (item.content instanceof Y.ContentType) births.set(item, born);
  }
  const bornIds = new Set(Array.from(births.values(), ({ change }) => change.beliefId));
  // Y.Map's size walks every entry: counted only when the update creates a belief.
  let beliefCount = births.size > 0 ? beliefsMap(doc).size : 0;

  for (const change of changes) {
    switch (change.kind) {
      case 'foreign':
        verdicts.push({ change, refusal: { severity: 'forbidden', reason: `it writes ${change.why}` } });
        break;
      case 'rootEntry':
        verdicts.push({ change, refusal: harsher(judgeEntry(doc, actor, change, bornIds), change.op === 'delete' && change.values.length > 0 ? judgeEntry(doc, actor, { ...change, op: 'set' }, bornIds) : null) });
        break;
      case 'beliefField':
      case 'beliefText': {
        const birth = change.belief.birth;
        if (birth) {
          const born = births.get(birth.item);
          if (!born) verdicts.push({ change, refusal: { severity: 'forbidden', reason: 'it writes into a belief it does not create' } });
          else if (birth.item === born.change.item) born.parts.push(change);
          else verdicts.push({ change, refusal: null });
          break;
        }
        verdicts.push({
          change,
          refusal: harsher(
            judgeExistingBelief(doc, actor, change, context.maxBeliefText),
            change.kind === 'beliefField' && change.op === 'delete' && change.values.length > 0 ? judgeExistingBelief(doc, actor, { ...change, op: 'set' }, context.maxBeliefText) : null,
          ),
        });
        break;
      }
      case 'newBelief':
        break;
    }
  }

  for (const { change, parts } of births.values()) {
    let refusal = judgeBirth(doc, actor, change, parts, context.maxBeliefText);
    if (!refusal && ++beliefCount > context.maxBeliefsPerBoard) {
      refusal = { severity: 'refused', reason: `This board already holds ${context.maxBeliefsPerBoard} beliefs, the most one board can hold: your new belief was not added.` };
    }
    verdicts.push({ change, refusal });
    // The fields and text of a refused belief go with it.
    for (const part of parts) verdicts.push({ change: part, refusal: refusal && { severity: refusal.severity, reason: refusal.reason } });
  }
  return verdicts;
}

function judgeEntry(doc: Y.Doc, actor: Actor, change: Extract<BoardChange, { kind: 'rootEntry' }>, bornIds: ReadonlySet<string>): Refusal | null {
  if (change.root === ROOT.beliefs) return judgeBeliefRemoval(doc, actor, change.key);
  return judgeRootEntry(doc, actor, change, bornIds);
}

function judgeExistingBelief(
  doc: Y.Doc,
  actor: Actor,
  change: Extract<BoardChange, { kind: 'beliefField' | 'beliefText' }>,
  maxBeliefText: number,
): Refusal | null {
  const fields = change.belief.fields!;
  if (change.kind === 'beliefField') {
    const authorId = fields.get('authorId');
    return judgeBeliefField(doc, actor, {
      authorId: typeof authorId === 'string' ? authorId : null,
      key: change.key,
      op: change.op,
      values: change.values,
      newType: change.newType !== null,
    });
  }
  const refusal = judgeBeliefText(doc, actor, change);
  if (refusal) return refusal;
  const text = fields.get('text');
  const length = (text instanceof Y.Text ? text.length : 0) + change.inserted - change.deleted;
  if (change.inserted > 0 && length > maxBeliefText) {
    return { severity: 'refused', reason: `A belief holds at most ${maxBeliefText} characters: your typing was not saved.` };
  }
  return null;
}

function judgeBirth(
  doc: Y.Doc,
  actor: Actor,
  change: Extract<BoardChange, { kind: 'newBelief' }>,
  parts: BoardChange[],
  maxBeliefText: number,
): Refusal | null {
  const fields = new Map<string, { op: 'set' | 'delete'; values: readonly unknown[]; text: boolean }>();
  let textLength = 0;
  for (const part of parts) {
    if (part.kind === 'beliefField') {
      if (fields.has(part.key)) return { severity: 'forbidden', reason: `a new belief's ${part.key} is written twice` };
      fields.set(part.key, { op: part.op, values: part.values, text: part.newType === 'text' });
    } else if (part.kind === 'beliefText') {
      if (part.oddContent) return { severity: 'forbidden', reason: `a belief's text holds only characters, not ${part.oddContent}` };
      textLength += part.inserted - part.deleted;
    }
  }
  if (textLength > maxBeliefText) return { severity: 'forbidden', reason: `a new belief's text is longer than ${maxBeliefText} characters` };
  // A belief brought back over itself (a redo of adding it, after an undo that reached the
  // relay): judged as its removal, which the update makes, and a new birth.
  if (change.existed && change.deletions.length > 0) {
    const removal = judgeBeliefRemoval(doc, actor, change.beliefId);
    if (removal) return removal;
    return judgeNewBelief(doc, actor, { beliefId: change.beliefId, existed: false, kept: change.kept, reborn: true, fields });
  }
  // A map placed after an earlier one under its id: brought back (a first add has no origin).
  return judgeNewBelief(doc, actor, { beliefId: change.beliefId, existed: change.existed, kept: change.kept, reborn: change.item.origin !== null, fields });
}

/**
 * The graver of two verdicts. A change read as a removal that also writes values (the
 * reading could not tell where they land, and counts the key as emptied) is judged both
 * ways: as the removal, and as a set of every value it writes — or its values would go
 * unchecked (found by a hostile review: a comment re-signed, an answer written for someone).
 */
function harsher(a: Refusal | null, b: Refusal | null): Refusal | null {
  if (a === null) return b;
  if (b === null) return a;
  return b.severity === 'forbidden' && a.severity !== 'forbidden' ? b : a;
}

function uniqueReasons(refusals: Refusal[]): Refusal[] {
  const seen = new Set<string>();
  return refusals.filter(({ reason }) => !seen.has(reason) && !!seen.add(reason));
}
