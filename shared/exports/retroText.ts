// What the retro document adds to the Markdown summary (issue 18): under each belief the
// discussion's last word and the team's actions, and, when a date is given, a "What changed
// since" section — beliefs added, positions recorded or changed, rounds revealed, comments
// and actions since then. Every text a person wrote goes through markdownText.ts, so a
// comment can never become structure; hidden comments are neither quoted nor counted.
import { actionOwnerName } from '../beliefActions.ts';
import type { BoardSnapshot, SnapshotAction, SnapshotComment } from '../snapshot/format.ts';
import { withoutBidiControls } from './bidiControls.ts';
import { formatUtcMinute } from './exportTime.ts';
import { markdownInline } from './markdownText.ts';

export interface RetroOptions {
  /** Milliseconds since 1970: the "What changed since" section covers everything from then on. */
  since?: number | null;
}

const EMPTY = '_(empty)_';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Names as the exports write them: bidi controls gone, never blank. */
export function nameReader(snapshot: BoardSnapshot): (participantId: string) => string {
  const names = new Map(snapshot.participants.map((participant) => [participant.id, participant.name]));
  return (id) => withoutBidiControls(names.get(id) ?? '').trim() || 'Unnamed participant';
}

/** "@Maya @Ben The sprint ones": mentions by name, then the words, on one line. */
export function commentLine(comment: SnapshotComment, nameOf: (id: string) => string): string {
  const mentions = comment.mentions.map((id) => `@${nameOf(id)}`);
  const text = markdownInline([...mentions, comment.text].join(' '));
  return text === '' ? EMPTY : text;
}

/** "Run an experiment — Bob, by 2027-01-15 (done)", escaped. */
export function actionLine(action: SnapshotAction, nameOf: (id: string) => string): string {
  const who = actionOwnerName(action, nameOf);
  const parts = [markdownInline(action.text) || EMPTY];
  const detail = [who === null ? null : markdownInline(who), action.due === null ? null : `by ${action.due}`].filter(Boolean).join(', ');
  if (detail) parts.push(detail);
  return parts.join(' — ');
}

/** Per belief: its visible comments (oldest first) and its actions. */
export interface BeliefDiscussion {
  comments: SnapshotComment[];
  actions: SnapshotAction[];
}

export function discussionByBelief(snapshot: BoardSnapshot): Map<string, BeliefDiscussion> {
  const out = new Map<string, BeliefDiscussion>();
  const of = (id: string) => {
    let entry = out.get(id);
    if (!entry) out.set(id, (entry = { comments: [], actions: [] }));
    return entry;
  };
  for (const comment of snapshot.comments) if (!comment.hidden) of(comment.beliefId).comments.push(comment);
  for (const action of snapshot.actions) of(action.beliefId).actions.push(action);
  return out;
}

/**
 * The lines under a belief's figures, each a nested list item at `indent`: how much was
 * said and its last word, then each action as a task ("[x]" once done).
 */
export function discussionLines(discussion: BeliefDiscussion | undefined, nameOf: (id: string) => string, indent: string): string[] {
  if (!discussion) return [];
  const lines: string[] = [];
  const last = discussion.comments.at(-1);
  if (last) {
    lines.push(
      `${indent}- Discussion: ${plural(discussion.comments.length, 'comment', 'comments')}; last word from ${markdownInline(nameOf(last.authorId))}, ${formatUtcMinute(last.createdAt)}: “${commentLine(last, nameOf)}”`,
    );
  }
  for (const action of discussion.actions) lines.push(`${indent}- [${action.status === 'done' ? 'x' : ' '}] Action: ${actionLine(action, nameOf)}`);
  return lines;
}

/** "What changed since 2026-03-14 09:05 UTC": what happened on the board from `since` on. */
export function changedSinceSection(snapshot: BoardSnapshot, since: number, nameOf: (id: string) => string): string {
  const heading = `## What changed since ${formatUtcMinute(since)}`;
  const textOf = new Map(snapshot.beliefs.map((belief) => [belief.id, markdownInline(belief.text) || EMPTY]));
  const blocks: string[] = [];

  const added = snapshot.beliefs.filter((belief) => belief.createdAt >= since);
  if (added.length > 0) blocks.push(`**Beliefs added** (${added.length}):\n${added.map((belief) => `- ${textOf.get(belief.id)}`).join('\n')}`);

  const moved = new Map<string, number>();
  for (const position of snapshot.positions) if (position.updatedAt >= since) moved.set(position.beliefId, (moved.get(position.beliefId) ?? 0) + 1);
  if (moved.size > 0) {
    const lines = snapshot.beliefs
      .filter((belief) => moved.has(belief.id))
      .map((belief) => `- ${textOf.get(belief.id)}: ${plural(moved.get(belief.id)!, 'position', 'positions')} recorded or changed`);
    blocks.push(`**Positions changed** on ${plural(moved.size, 'belief', 'beliefs')}:\n${lines.join('\n')}`);
  }

  const revealed = snapshot.rounds.filter((round) => round.revealedAt >= since);
  if (revealed.length > 0) {
    blocks.push(`**Rounds revealed:** ${revealed.map((round) => `round ${round.number} (${formatUtcMinute(round.revealedAt)})`).join('; ')}`);
  }

  const comments = snapshot.comments.filter((comment) => !comment.hidden && (comment.createdAt >= since || (comment.editedAt ?? -Infinity) >= since));
  if (comments.length > 0) {
    const lines = comments.map((comment) => `- On “${textOf.get(comment.beliefId)}”, ${markdownInline(nameOf(comment.authorId))}: ${commentLine(comment, nameOf)}`);
    blocks.push(`**Comments** (${comments.length}):\n${lines.join('\n')}`);
  }

  const actions = snapshot.actions.filter((action) => action.updatedAt >= since || action.createdAt >= since);
  if (actions.length > 0) {
    const lines = actions.map((action) => {
      const what = action.createdAt >= since ? 'added' : 'updated';
      return `- [${action.status === 'done' ? 'x' : ' '}] ${actionLine(action, nameOf)} (${what}; on “${textOf.get(action.beliefId)}”)`;
    });
    blocks.push(`**Actions** (${actions.length}):\n${lines.join('\n')}`);
  }

  return [heading, blocks.length === 0 ? '_Nothing changed since then._' : blocks.join('\n\n')].join('\n\n');
}

/** A "since" value from an address (`?since=2026-03-14` or a full ISO time), or null when it is no date. */
export function parseSince(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim())) return null;
  const trimmed = value.trim().replace(' ', 'T');
  // A date alone is that day's start in UTC, and a time without a zone is UTC too, as every
  // export writes its times: the same address gives the same file wherever the server runs.
  const withZone = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) ? trimmed : `${trimmed}Z`;
  const ms = Date.parse(withZone);
  return Number.isFinite(ms) ? ms : null;
}
