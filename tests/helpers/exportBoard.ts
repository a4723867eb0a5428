// A fixed board for the export golden files: ties, an empty note, quotes, commas, line
// breaks, emoji, right-to-left text and Markdown metacharacters, every time fixed.
import * as Y from 'yjs';
import { addAction, updateAction } from '../../shared/beliefActions.ts';
import { addComment, editComment, setCommentHidden } from '../../shared/comments.ts';
import { addBelief, createBoard, setPosition, upsertParticipant } from '../../shared/model.ts';
import type { ScalePoint } from '../../shared/schema.ts';

export const EXPORT_BOARD_CREATED_AT = Date.UTC(2026, 2, 9, 9, 0);
export const EXPORT_BOARD_EXPORTED_AT = Date.UTC(2026, 2, 14, 16, 45, 30);

const PEOPLE = [
  { id: 'p-ana', name: 'Ana', color: '#e03131' },
  { id: 'p-bo', name: 'Bo "the builder"', color: '#2f9e44' },
  { id: 'p-chen', name: 'Chen, Li', color: '#1971c2' },
  { id: 'p-dana', name: 'דנה', color: '#f08c00' },
  { id: 'p-eve', name: 'Eve 🚀', color: '#9c36b5' },
];

type Answer = [ScalePoint | 'pass', ScalePoint | null];

const BELIEFS: { id: string; text: string; x: number; color: string; answers: Answer[] }[] = [
  { id: 'b-agree', text: 'We ship "small", often, and safely', x: 400, color: 'green', answers: [[2, 2], [2, 2], [2, 1], [2, 2], [1, 2]] },
  { id: 'b-stale', text: 'Our onboarding is *the best* in the market', x: 300, color: 'yellow', answers: [[2, -1], [2, -2], [2, -1]] },
  {
    id: 'b-split',
    text: 'Pricing, packaging & discounts\nneed a rethink',
    x: -600,
    color: 'pink',
    answers: [[-2, 1], [-2, 2], [2, 1], [2, 0], [0, null]],
  },
  {
    id: 'b-resolve',
    text: '# Heading? | pipes | <script>alert(1)</script> [link](http://x) _under_ `code`',
    x: -900,
    color: 'blue',
    answers: [[-2, null], [-1, null], [0, null], [1, null], [2, null]],
  },
  {
    id: 'b-tie',
    text: 'Emoji 🚀 and עברית מימין לשמאל, mixed',
    x: -500,
    color: 'purple',
    answers: [[2, null], [1, null], [0, null], [-1, null], [-2, null]],
  },
  { id: 'b-empty', text: '', x: 0, color: 'gray', answers: [] },
  { id: 'b-few', text: '=SUM(A1) 1. looks like a list\n\n- dash line\r\n> quoted', x: 800, color: 'orange', answers: [[1, null], ['pass', 1]] },
];

export function buildExportBoard(): Y.Doc {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Q3 beliefs: "north star" & <friends>', template: 'belief-map', createdAt: EXPORT_BOARD_CREATED_AT });
  for (const person of PEOPLE) upsertParticipant(doc, person, null);
  BELIEFS.forEach((belief, index) => {
    addBelief(
      doc,
      { id: belief.id, text: belief.text, x: belief.x, y: -200 + 60 * index, color: belief.color, authorId: PEOPLE[index % PEOPLE.length].id, createdAt: EXPORT_BOARD_CREATED_AT + 60_000 * index },
      null,
    );
    belief.answers.forEach(([agreement, direction], person) => {
      const updatedAt = EXPORT_BOARD_CREATED_AT + 3_600_000 + 1_000 * (10 * index + person);
      setPosition(doc, belief.id, PEOPLE[person].id, { agreement, direction, updatedAt }, null);
    });
  });
  return doc;
}

/** When the retro board's discussion starts: a day after the positions. */
export const RETRO_DISCUSSION_AT = EXPORT_BOARD_CREATED_AT + 24 * 3_600_000;

/**
 * The export board with a discussion and actions (issue 18): a thread with a reply and a
 * mention, an edited comment, a hidden one, markup in the words, an action for a person on
 * the board (done) and one for a name written in, every time fixed.
 */
export function buildRetroBoard(): Y.Doc {
  const doc = buildExportBoard();
  const at = (minutes: number) => RETRO_DISCUSSION_AT + 60_000 * minutes;
  const question = addComment(doc, { id: 'c-1', beliefId: 'b-split', authorId: 'p-ana', text: 'Which discounts do we mean?', createdAt: at(0) }, null);
  addComment(doc, { id: 'c-2', beliefId: 'b-split', authorId: 'p-bo', text: 'The *annual* ones | and [partners](http://x)', parentId: question, mentions: ['p-ana', 'p-dana'], createdAt: at(5) }, null);
  addComment(doc, { id: 'c-3', beliefId: 'b-split', authorId: 'p-chen', text: 'Off-topic rant', createdAt: at(6) }, null);
  setCommentHidden(doc, 'c-3', true, 'p-ana', null, at(7));
  addComment(doc, { id: 'c-4', beliefId: 'b-resolve', authorId: 'p-eve', text: '=HYPERLINK("x") first draft', createdAt: at(10) }, null);
  editComment(doc, 'c-4', { text: 'We need data before we argue.\nLet us measure.' }, null, at(12));
  addAction(doc, { id: 'a-1', beliefId: 'b-resolve', authorId: 'p-eve', text: 'Run an experiment', ownerId: 'p-chen', due: '2026-04-01', createdAt: at(15) }, null);
  addAction(doc, { id: 'a-2', beliefId: 'b-split', authorId: 'p-ana', text: 'Schedule a discussion', ownerName: 'Finance =team', createdAt: at(16) }, null);
  updateAction(doc, 'a-1', { status: 'done' }, null, at(20));
  return doc;
}
