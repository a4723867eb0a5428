// My answers from before the open round, so I can see them ("last round: Agree") and keep
// them with one action. They come only from what is public already: my position on the
// board, which a reveal writes (docs/rounds.md), never from anyone's sealed answers — and
// the round history says which round revealed it. Pure.
import { AGREEMENT_LABELS, DIRECTION_LABELS, PASS_LABEL } from '../../shared/scale.ts';
import type { PositionRecord } from '../../shared/schema.ts';
import { isBeliefInRound, type RoundRecord, type RoundStatus } from '../../shared/workshop.ts';

export interface PreviousAnswer {
  agreement: PositionRecord['agreement'];
  direction: PositionRecord['direction'];
  /** The revealed round that gave this answer; null when it was given outside rounds. */
  round: number | null;
}

/** My answer on the belief before this round: my position on the board, and the round that revealed it. */
export function previousAnswer(
  beliefId: string,
  onBoard: PositionRecord | null,
  history: readonly RoundRecord[],
  me: string,
): PreviousAnswer | null {
  if (!onBoard) return null;
  // The latest revealed round that holds exactly this answer of mine; a later change
  // outside rounds makes it an answer "before this round" instead.
  for (let i = history.length - 1; i >= 0; i--) {
    const mine = history[i].positions.find((position) => position.beliefId === beliefId && position.participantId === me);
    if (!mine) continue;
    const same = mine.agreement === onBoard.agreement && mine.direction === onBoard.direction;
    return { agreement: onBoard.agreement, direction: onBoard.direction, round: same ? history[i].number : null };
  }
  return { agreement: onBoard.agreement, direction: onBoard.direction, round: null };
}

/**
 * The answers "Keep my answers" seals: on each belief of the open round that I have not
 * answered in it yet, my previous answer, where I have one.
 */
export function answersToKeep(
  round: RoundStatus | null,
  boardBeliefIds: readonly string[],
  answeredInRound: (beliefId: string) => boolean,
  myOnBoard: (beliefId: string) => PositionRecord | null,
): { beliefId: string; agreement: PositionRecord['agreement']; direction: PositionRecord['direction'] }[] {
  if (!round || round.status !== 'open') return [];
  return boardBeliefIds.flatMap((beliefId) => {
    if (!isBeliefInRound(round, beliefId) || answeredInRound(beliefId)) return [];
    const before = myOnBoard(beliefId);
    return before ? [{ beliefId, agreement: before.agreement, direction: before.direction }] : [];
  });
}

/** "last round: Agree, Maintain / support", or "before this round: Pass" for an answer given outside rounds. */
export function describePreviousAnswer(answer: PreviousAnswer): string {
  const agreement = answer.agreement === 'pass' ? PASS_LABEL : AGREEMENT_LABELS[answer.agreement];
  const direction = answer.direction === null ? '' : `, ${DIRECTION_LABELS[answer.direction]}`;
  return `${answer.round === null ? 'before this round' : 'last round'}: ${agreement}${direction}`;
}
