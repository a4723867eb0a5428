// The two CSV exports: every position (one row each), and one summary row per belief.
import { actionOwnerName } from '../beliefActions.ts';
import { groupLabel, groupMemberNames } from '../groups/groupNames.ts';
import { snapshotGroups } from '../groups/snapshotGroups.ts';
import { TRAYS } from '../mapPlace.ts';
import { QUADRANTS } from '../quadrants.ts';
import { SCALE } from '../schema.ts';
import type { BoardSnapshot, SnapshotPosition } from '../snapshot/format.ts';
import { formatConvergence } from '../stats.ts';
import { BADGE_WORDS } from '../statsText.ts';
import { beliefFigures } from './beliefFigures.ts';
import { csvFile, textCell, type CsvCell } from './csvFormat.ts';
import { formatIsoTime } from './exportTime.ts';

// Figures for spreadsheets use an ASCII minus and a dot, which every spreadsheet reads as a number.
function decimal(value: number | null): CsvCell {
  return value === null ? '' : value.toFixed(2);
}

export const POSITIONS_CSV_HEADER = [
  'belief_id',
  'belief_text',
  'participant_id',
  'participant_name',
  'agreement',
  'direction',
  'round',
  'updated_at',
] as const;

/**
 * One row per position: first the board's current positions (round left empty), then the
 * positions each closed round revealed, with its number.
 */
export function positionsCsv(snapshot: BoardSnapshot): string {
  const texts = new Map(snapshot.beliefs.map((belief) => [belief.id, belief.text]));
  const names = new Map(snapshot.participants.map((participant) => [participant.id, participant.name]));
  const row = (position: SnapshotPosition, round: number | ''): CsvCell[] => [
    textCell(position.beliefId),
    textCell(texts.get(position.beliefId) ?? ''),
    textCell(position.participantId),
    textCell(names.get(position.participantId) ?? ''),
    position.agreement,
    position.direction ?? '',
    round,
    formatIsoTime(position.updatedAt),
  ];
  return csvFile(POSITIONS_CSV_HEADER, [
    ...snapshot.positions.map((position) => row(position, '')),
    ...snapshot.rounds.flatMap((round) => round.positions.map((position) => row(position, round.number))),
  ]);
}

export const SUMMARY_CSV_HEADER = [
  'belief_id',
  'belief_text',
  'quadrant',
  'n',
  'passes',
  ...SCALE.map((point) => `at_${point > 0 ? '+' : ''}${point}`),
  'mean_agreement',
  'convergence',
  'badge',
  'polarized',
  'mean_direction',
  'directions',
  'previous_round_convergence',
  'last_round_convergence',
] as const;

/** One row per belief, in board order: the figures the Markdown summary shows, as columns. */
export function summaryCsv(snapshot: BoardSnapshot): string {
  const rows = beliefFigures(snapshot).map(({ belief, stats, quadrant, tray, movement }): CsvCell[] => [
    textCell(belief.id),
    textCell(belief.text),
    // The quadrant column names the tray a belief waits in, as the map does.
    quadrant === null ? TRAYS[tray!].title : QUADRANTS[quadrant].caption,
    stats.n,
    stats.passCount,
    ...SCALE.map((point) => stats.distribution[point]),
    decimal(stats.mean),
    stats.convergence === null ? '' : formatConvergence(stats.convergence),
    BADGE_WORDS[stats.badge],
    stats.polarized ? 'yes' : 'no',
    decimal(stats.meanDirection),
    stats.directionCount,
    movement?.from == null ? '' : formatConvergence(movement.from),
    movement?.to == null ? '' : formatConvergence(movement.to),
  ]);
  return csvFile(SUMMARY_CSV_HEADER, rows);
}

export const GROUPS_CSV_HEADER = ['participant_id', 'participant_name', 'group'] as const;

/**
 * Who is in which opinion group, one row per person counted, by group then name; no rows
 * when there are not enough answers to see groups. Names go through groupMemberNames, so
 * a level that hides them hides them here too.
 */
export function groupsCsv(snapshot: BoardSnapshot): string {
  const { groups } = snapshotGroups(snapshot);
  if (groups.status !== 'groups') return csvFile(GROUPS_CSV_HEADER, []);
  const names = new Map(snapshot.participants.map((participant) => [participant.id, participant.name]));
  const rows = groups.groups.flatMap((members, group) => {
    const named = members.map((id) => ({ id, name: groupMemberNames([id], (member) => names.get(member) ?? '')[0] ?? '' }));
    named.sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id));
    return named.map(({ id, name }): CsvCell[] => [textCell(id), textCell(name), groupLabel(group)]);
  });
  return csvFile(GROUPS_CSV_HEADER, rows);
}

export const ACTIONS_CSV_HEADER = [
  'action_id',
  'belief_id',
  'belief_text',
  'quadrant',
  'what',
  'who',
  'who_participant_id',
  'due',
  'status',
  'added_by',
  'created_at',
  'updated_at',
] as const;

/** One row per action, oldest first, with its belief and the quadrant (or tray) the belief is in now. */
export function actionsCsv(snapshot: BoardSnapshot): string {
  const figures = new Map(beliefFigures(snapshot).map((entry) => [entry.belief.id, entry]));
  const names = new Map(snapshot.participants.map((participant) => [participant.id, participant.name]));
  const nameOf = (id: string) => names.get(id) ?? null;
  const rows = snapshot.actions.map((action): CsvCell[] => {
    const entry = figures.get(action.beliefId);
    const place = !entry ? '' : entry.quadrant === null ? TRAYS[entry.tray!].title : QUADRANTS[entry.quadrant].caption;
    return [
      textCell(action.id),
      textCell(action.beliefId),
      textCell(entry?.belief.text ?? ''),
      place,
      textCell(action.text),
      textCell(actionOwnerName(action, nameOf) ?? ''),
      textCell(action.ownerId ?? ''),
      action.due ?? '',
      action.status,
      textCell(names.get(action.authorId) ?? ''),
      formatIsoTime(action.createdAt),
      formatIsoTime(action.updatedAt),
    ];
  });
  return csvFile(ACTIONS_CSV_HEADER, rows);
}
