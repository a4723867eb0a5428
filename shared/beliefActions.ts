// What the team will do about a belief: an action with its what, who (a person on the
// board or a name written in), by when (a calendar date) and whether it is done. One flat
// entry of `actions` per action. Anyone with a participant link adds one; its author, the
// person it is for and facilitators change it, mark it done or remove it — the relay holds
// to that by the rules table (shared/boardRules.ts). Cutler's quadrants suggest a first
// action; the words stay the team's.
import * as Y from 'yjs';
import { isItemId, newId } from './ids.ts';
import { MAX_ACTION_TEXT, MAX_DISPLAY_NAME } from './limits.ts';
import type { Quadrant } from './quadrants.ts';
import { clampedText, isPlainRecord, validTime } from './repairValues.ts';
import { ROOT } from './schema.ts';

export const ACTION_STATUSES = ['open', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface ActionRecord {
  beliefId: string;
  text: string;
  /** The participant it is for, or null (then `ownerName` may name someone off the board). */
  ownerId: string | null;
  /** Free text for someone who is not on the board; "" when `ownerId` is set or nobody is named. */
  ownerName: string;
  /** "YYYY-MM-DD", a day in the team's calendar (no time zone), or null. */
  due: string | null;
  status: ActionStatus;
  authorId: string;
  createdAt: number;
  updatedAt: number;
}

export interface BeliefAction extends ActionRecord {
  id: string;
}

export class ActionError extends Error {}

/**
 * The actions each quadrant suggests, as Cutler frames them: the lower-left caption says
 * both "We have to learn and reduce uncertainty" (run an experiment) and "We must resolve
 * our differences" (schedule a discussion); stale agreement asks to be challenged. Where
 * the team agrees, or disagrees usefully, there is nothing to suggest.
 */
export const SUGGESTED_ACTIONS: Readonly<Record<Quadrant, readonly string[]>> = {
  'must-resolve': ['Schedule a discussion', 'Run an experiment'],
  'agree-stale': ['Challenge it: does this still serve us?'],
  'tension-good': [],
  'agree-good': [],
};

export function suggestedActions(quadrant: Quadrant | null): readonly string[] {
  return quadrant ? SUGGESTED_ACTIONS[quadrant] : [];
}

const DUE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written as "YYYY-MM-DD". */
export function isDueDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DUE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isActionStatus(value: unknown): value is ActionStatus {
  return typeof value === 'string' && (ACTION_STATUSES as readonly string[]).includes(value);
}

export function actionsMap(doc: Y.Doc): Y.Map<ActionRecord> {
  return doc.getMap(ROOT.actions);
}

export interface ActionFields {
  text: string;
  ownerId?: string | null;
  ownerName?: string;
  due?: string | null;
  status?: ActionStatus;
}

function cleanFields(fields: ActionFields): Pick<ActionRecord, 'text' | 'ownerId' | 'ownerName' | 'due' | 'status'> {
  const text = clampedText(fields.text.trim(), MAX_ACTION_TEXT).trim();
  if (text === '') throw new ActionError('Say what the action is: it needs a few words.');
  const due = fields.due ?? null;
  if (due !== null && !isDueDate(due)) throw new ActionError('"By when" must be a date.');
  const ownerId = fields.ownerId && isItemId(fields.ownerId) ? fields.ownerId : null;
  return {
    text,
    ownerId,
    ownerName: ownerId ? '' : clampedText((fields.ownerName ?? '').trim(), MAX_DISPLAY_NAME).trim(),
    due,
    status: fields.status ?? 'open',
  };
}

export function addAction(
  doc: Y.Doc,
  action: ActionFields & { beliefId: string; authorId: string; id?: string; createdAt?: number; updatedAt?: number },
  origin: unknown,
): string {
  const id = action.id ?? newId();
  const createdAt = action.createdAt ?? Date.now();
  const updatedAt = Math.max(action.updatedAt ?? createdAt, createdAt);
  const record: ActionRecord = { beliefId: action.beliefId, ...cleanFields(action), authorId: action.authorId, createdAt, updatedAt };
  doc.transact(() => actionsMap(doc).set(id, record), origin);
  return id;
}

/** Changes an action's what, who, by when or status; the belief, author and creation time stay. */
export function updateAction(doc: Y.Doc, id: string, change: Partial<ActionFields>, origin: unknown, now = Date.now()): void {
  const stored = repairAction(actionsMap(doc).get(id));
  if (!stored) throw new ActionError('That action was removed meanwhile.');
  const fields = cleanFields({ ...stored, ...change });
  doc.transact(() => actionsMap(doc).set(id, { ...stored, ...fields, updatedAt: Math.max(now, stored.createdAt) }), origin);
}

export function removeAction(doc: Y.Doc, id: string, origin: unknown): void {
  doc.transact(() => actionsMap(doc).delete(id), origin);
}

/** A stored value as an action, or null when it cannot be one. Readers never throw on what a peer wrote. */
export function repairAction(value: unknown): ActionRecord | null {
  if (!isPlainRecord(value)) return null;
  const { beliefId, text, ownerId, ownerName, due, status, authorId, createdAt, updatedAt } = value;
  if (!isItemId(beliefId)) return null;
  return {
    beliefId,
    text: clampedText(text, MAX_ACTION_TEXT),
    ownerId: isItemId(ownerId) ? ownerId : null,
    ownerName: isItemId(ownerId) ? '' : clampedText(ownerName, MAX_DISPLAY_NAME),
    due: isDueDate(due) ? due : null,
    status: isActionStatus(status) ? status : 'open',
    authorId: typeof authorId === 'string' ? authorId : '',
    createdAt: validTime(createdAt),
    updatedAt: validTime(updatedAt, validTime(createdAt)),
  };
}

/** Every readable action, oldest first. */
export function listActions(doc: Y.Doc): BeliefAction[] {
  const out: BeliefAction[] = [];
  actionsMap(doc).forEach((value: unknown, id) => {
    const record = repairAction(value);
    if (record) out.push({ ...record, id });
  });
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Who an action is for, in words: the participant's name, the name written in, or null. */
export function actionOwnerName(action: Pick<ActionRecord, 'ownerId' | 'ownerName'>, nameOf: (participantId: string) => string | null): string | null {
  if (action.ownerId) return nameOf(action.ownerId) ?? 'someone who left';
  return action.ownerName.trim() === '' ? null : action.ownerName;
}

export function observeActions(doc: Y.Doc, listener: () => void): () => void {
  const actions = actionsMap(doc);
  const handler = () => listener();
  actions.observe(handler);
  return () => actions.unobserve(handler);
}
