// The facilitator's entries in the action table (client/editor/actions.ts): the timer,
// the lock, private writing and "bring everyone to me". Offered to the facilitate role
// only; the relay refuses these writes from anyone else anyway.
import {
  addTimerTime,
  pauseTimer,
  resetTimer,
  resumeTimer,
  setLocked,
  setPrivateWriting,
  summonEveryone,
} from '../../shared/workshop.ts';
import type { Action, ActionContext } from './actions.ts';
import { shortcut } from './shortcut.ts';
import type { BoardSession } from '../state/session.ts';
import { workshopStore } from '../state/workshopStore.ts';

const ONE_MINUTE_MS = 60_000;

export function isFacilitator(session: BoardSession): boolean {
  return session.access.role.get() === 'facilitate';
}

function workshop(ctx: ActionContext) {
  return workshopStore(ctx.session.doc).get().state;
}

/** Only for the facilitator, and only when `when` holds. */
function facilitating(when: (ctx: ActionContext) => boolean = () => true) {
  return (ctx: ActionContext) => isFacilitator(ctx.session) && when(ctx);
}

export const WORKSHOP_ACTIONS: Action[] = [
  {
    id: 'timer-add-minute',
    label: '+1 min',
    ...shortcut({ key: 'a', shift: true }),
    enabled: facilitating(),
    run: ({ session }) => addTimerTime(session.doc, ONE_MINUTE_MS, Date.now(), session.origin),
  },
  {
    id: 'timer-pause',
    label: 'Pause timer',
    ...shortcut({ key: 't', shift: true }),
    enabled: facilitating((ctx) => workshop(ctx).timer?.endsAt != null),
    run: ({ session }) => pauseTimer(session.doc, Date.now(), session.origin),
  },
  {
    id: 'timer-resume',
    label: 'Resume timer',
    ...shortcut({ key: 'r', shift: true }),
    enabled: facilitating((ctx) => workshop(ctx).timer?.endsAt === null),
    run: ({ session }) => resumeTimer(session.doc, Date.now(), session.origin),
  },
  {
    id: 'timer-reset',
    label: 'Reset timer',
    enabled: facilitating((ctx) => workshop(ctx).timer !== null),
    run: ({ session }) => resetTimer(session.doc, session.origin),
  },
  {
    id: 'lock-board',
    label: 'Lock board',
    ...shortcut({ key: 'l', shift: true }),
    enabled: facilitating(),
    run: (ctx) => setLocked(ctx.session.doc, !workshop(ctx).locked, ctx.session.origin),
  },
  {
    id: 'private-writing',
    label: 'Private writing',
    ...shortcut({ key: 'w', shift: true }),
    enabled: facilitating(),
    run: (ctx) => setPrivateWriting(ctx.session.doc, !workshop(ctx).privateWriting, ctx.session.origin),
  },
  {
    id: 'summon-everyone',
    label: 'Bring everyone to me',
    ...shortcut({ key: 'b', shift: true }),
    enabled: facilitating(),
    run: ({ session }) => summonEveryone(session.doc, session.me.id, Date.now(), session.origin),
  },
];
