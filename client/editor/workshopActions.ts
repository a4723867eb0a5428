// The facilitator's entries in the action table (client/editor/actions.ts): the timer,
// the lock, private writing, "bring everyone to me", presenting and how anonymous answers are. Offered to the facilitate role
// only; the relay refuses these writes from anyone else anyway.
import { anonymityChoiceLabel, ANONYMITY_LEVELS, readAnonymity, setAnonymityLevel, setMinAnswers } from '../../shared/anonymity.ts';
import { MAX_MIN_ANSWERS, MIN_MIN_ANSWERS } from '../../shared/limits.ts';
import {
  addTimerTime,
  pauseTimer,
  resetTimer,
  resumeTimer,
  setLocked,
  setPrivateWriting,
  startPresenting,
  stopPresenting,
  summonEveryone,
} from '../../shared/workshop.ts';
import { workshopStore } from '../state/workshopStore.ts';
import type { Action } from './action.ts';
import type { BoardEditor } from './BoardEditor.ts';
import { shortcut } from './shortcut.ts';

const ONE_MINUTE_MS = 60_000;

function workshop(editor: BoardEditor) {
  return workshopStore(editor.session.doc).get().state;
}

/** Only for the facilitator, and only when `when` holds. */
function facilitating(when: (editor: BoardEditor) => boolean = () => true) {
  return (editor: BoardEditor) => editor.isFacilitator() && when(editor);
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
    enabled: facilitating((editor) => workshop(editor).timer?.endsAt != null),
    run: ({ session }) => pauseTimer(session.doc, Date.now(), session.origin),
  },
  {
    id: 'timer-resume',
    label: 'Resume timer',
    ...shortcut({ key: 'r', shift: true }),
    enabled: facilitating((editor) => workshop(editor).timer?.endsAt === null),
    run: ({ session }) => resumeTimer(session.doc, Date.now(), session.origin),
  },
  {
    id: 'timer-reset',
    label: 'Reset timer',
    enabled: facilitating((editor) => workshop(editor).timer !== null),
    run: ({ session }) => resetTimer(session.doc, session.origin),
  },
  {
    id: 'lock-board',
    label: 'Lock board',
    ...shortcut({ key: 'l', shift: true }),
    enabled: facilitating(),
    run: (editor) => setLocked(editor.session.doc, !workshop(editor).locked, editor.session.origin),
  },
  {
    id: 'private-writing',
    label: 'Private writing',
    ...shortcut({ key: 'w', shift: true }),
    enabled: facilitating(),
    run: (editor) => setPrivateWriting(editor.session.doc, !workshop(editor).privateWriting, editor.session.origin),
  },
  {
    id: 'summon-everyone',
    label: 'Bring everyone to me',
    ...shortcut({ key: 'b', shift: true }),
    enabled: facilitating(),
    run: ({ session }) => summonEveryone(session.doc, session.me.id, Date.now(), session.origin),
  },
  {
    id: 'present',
    // Pressed again (or from the banner), it stops: the label says which it does now.
    label: 'Present',
    ...shortcut({ key: 'p', shift: true }),
    enabled: facilitating(),
    run: ({ session }) => {
      if (isPresenting(session)) stopPresenting(session.doc, session.origin);
      else startPresenting(session.doc, session.me.id, Date.now(), session.origin);
    },
  },
  // One per level, pressed like a radio button (docs/groups.md); and the minimum
  // number of answers, a step at a time. Reached with Tab in the facilitator's tools.
  ...ANONYMITY_LEVELS.map(
    (level): Action => ({
      id: `anonymity-${level}`,
      label: anonymityChoiceLabel(level),
      enabled: facilitating(),
      run: ({ session }) => {
        if (readAnonymity(session.doc).level !== level) setAnonymityLevel(session.doc, level, session.origin);
      },
    }),
  ),
  {
    id: 'min-answers-fewer',
    label: 'Fewer answers before showing',
    enabled: facilitating((editor) => readAnonymity(editor.session.doc).minAnswers > MIN_MIN_ANSWERS),
    run: ({ session }) => setMinAnswers(session.doc, readAnonymity(session.doc).minAnswers - 1, session.origin),
  },
  {
    id: 'min-answers-more',
    label: 'More answers before showing',
    enabled: facilitating((editor) => readAnonymity(editor.session.doc).minAnswers < MAX_MIN_ANSWERS),
    run: ({ session }) => setMinAnswers(session.doc, readAnonymity(session.doc).minAnswers + 1, session.origin),
  },
];

/** Whether I am the one presenting now. */
export function isPresenting(session: BoardEditor['session']): boolean {
  return workshopStore(session.doc).get().state.presenting?.participantId === session.me.id;
}
