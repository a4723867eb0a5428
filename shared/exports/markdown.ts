// The readable summary of a board, in Markdown, for a retro document or a wiki: the title,
// the date, who took part, then the beliefs under Cutler's quadrant captions and the
// trays' names ("Needs positions", "Needs a direction"), most divergent first, each with
// its n, distribution, convergence, polarization and movement (said once for the beliefs
// that have none, not on each of them), and where the opinion groups differ.
import { groupLean } from '../groups/groupConsensus.ts';
import { groupLabel, groupMemberNames } from '../groups/groupNames.ts';
import { noGroupsReason } from '../groups/groupsText.ts';
import { snapshotGroups } from '../groups/snapshotGroups.ts';
import { TRAY_ORDER, TRAYS } from '../mapPlace.ts';
import { QUADRANTS, type Quadrant } from '../quadrants.ts';
import { MIN_PEOPLE_FOR_MOVEMENT } from '../roundMovement.ts';
import type { BoardSnapshot } from '../snapshot/format.ts';
import { formatConvergence } from '../stats.ts';
import { BADGE_WORDS, formatDistribution, POLARIZED_RULE } from '../statsText.ts';
import { beliefFigures, mostDivergentFirst, type BeliefFigures, type Movement } from './beliefFigures.ts';
import { withoutBidiControls } from './bidiControls.ts';
import { formatUtcMinute } from './exportTime.ts';
import { markdownInline, markdownLines } from './markdownText.ts';
import { changedSinceSection, discussionByBelief, discussionLines, nameReader, type BeliefDiscussion, type RetroOptions } from './retroText.ts';

const UNTITLED = 'Untitled board';
const EMPTY_NOTE = '_(empty note)_';
/** Where a belief's text continues inside its list item. */
const ITEM_INDENT = '  ';

const LEGEND =
  '_n_ counts the positions other than pass. The distribution counts them at each point from −2 (strongly disagree) to +2 (strongly agree). ' +
  'Convergence is 1 when everyone gives the same answer and 0 when the team is split between the two extremes; ' +
  `**polarized** marks a team split into camps. ${POLARIZED_RULE}`;

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "round 1 0.45 → round 2 0.80 (same 4 people)", or null when the belief has no movement to show. */
export function formatMovement(movement: Movement | null): string | null {
  if (!movement || movement.from === null || movement.to === null) return null;
  return `round ${movement.fromRound} ${formatConvergence(movement.from)} → round ${movement.toRound} ${formatConvergence(movement.to)} (same ${movement.people} people)`;
}

/**
 * Once for the whole board: which beliefs show a movement and why the others do not —
 * instead of "too few positions" repeated under every belief. Null before any belief has
 * been asked about in two rounds.
 */
function movementNote(figures: readonly BeliefFigures[]): string | null {
  const asked = figures.filter((entry) => entry.movement !== null);
  if (asked.length === 0) return null;
  const measured = asked.filter((entry) => formatMovement(entry.movement) !== null).length;
  const rule = `Movement compares the same people: those who answered a belief in both of the last two rounds that asked about it, at least ${MIN_PEOPLE_FOR_MOVEMENT} of them.`;
  const without = asked.length - measured;
  const rest = without === 0 ? '' : ` ${plural(without, 'belief was', 'beliefs were')} answered by fewer people in both rounds and ${without === 1 ? 'shows' : 'show'} none.`;
  return `**Movement between rounds:** ${plural(measured, 'belief', 'beliefs')} of ${asked.length} asked in two rounds ${measured === 1 ? 'shows' : 'show'} one. ${rule}${rest}`;
}

function figuresLine({ stats, movement }: BeliefFigures): string {
  const parts = [`n = ${stats.n}`];
  if (stats.passCount > 0) parts.push(plural(stats.passCount, 'pass', 'passes'));
  parts.push(`\`${formatDistribution(stats.distribution)}\``);
  parts.push(stats.convergence === null ? BADGE_WORDS['too-few'] : `convergence ${formatConvergence(stats.convergence)} (${BADGE_WORDS[stats.badge]})`);
  if (stats.polarized) parts.push('**polarized**');
  const moved = formatMovement(movement);
  if (moved !== null) parts.push(`movement: ${moved}`);
  return parts.join(' · ');
}

/** What the retro adds under a belief's figures: the discussion's last word and the actions (retroText.ts). */
interface Retro {
  discussion: ReadonlyMap<string, BeliefDiscussion>;
  nameOf(participantId: string): string;
}

function beliefItem(entry: BeliefFigures, retro: Retro): string {
  const text = markdownLines(entry.belief.text, ITEM_INDENT);
  const lines = [`- ${text === '' ? EMPTY_NOTE : text}`, `${ITEM_INDENT}- ${figuresLine(entry)}`];
  lines.push(...discussionLines(retro.discussion.get(entry.belief.id), retro.nameOf, ITEM_INDENT));
  return lines.join('\n');
}

function section(heading: string, entries: readonly BeliefFigures[], retro: Retro): string {
  const body = entries.length === 0 ? '_No beliefs here._' : mostDivergentFirst(entries).map((entry) => beliefItem(entry, retro)).join('\n');
  return `## ${heading}\n\n${body}`;
}

/**
 * "Where the groups differ": the opinion groups with their members, then the beliefs that
 * divide them (each group's answers) and those every group leans the same way on.
 * Members are named through groupMemberNames, the one door names go through.
 */
function groupsSection(snapshot: BoardSnapshot, nameOf: (participantId: string) => string | null): string {
  const { groups, beliefs } = snapshotGroups(snapshot);
  const heading = '## Where the groups differ';
  const reason = noGroupsReason(groups);
  if (groups.status !== 'groups' || reason !== null) return `${heading}\n\n_${reason}_`;
  const members = groups.groups.map(
    (people, group) => `- **${groupLabel(group)}** (${plural(people.length, 'person', 'people')}): ${groupMemberNames(people, nameOf).map(markdownInline).join('; ')}`,
  );
  const textOf = new Map(snapshot.beliefs.map((belief) => [belief.id, belief.text]));
  const item = (id: string) => {
    const figures = beliefs.get(id)!;
    const text = markdownLines(textOf.get(id) ?? '', ITEM_INDENT);
    const lines = figures.groups.map((group, index) => `${ITEM_INDENT}- ${groupLabel(index)}: ${groupLean(group)}`);
    return [`- ${text === '' ? EMPTY_NOTE : text}`, ...lines].join('\n');
  };
  const ids = snapshot.beliefs.map((belief) => belief.id).filter((id) => beliefs.has(id));
  const divisive = ids.filter((id) => beliefs.get(id)!.divisive);
  const consensus = ids.filter((id) => beliefs.get(id)!.consensus !== null);
  const list = (chosen: string[], none: string) => (chosen.length === 0 ? `_${none}_` : chosen.map(item).join('\n'));
  return [
    heading,
    members.join('\n'),
    '### Divisive: groups on opposite sides',
    list(divisive, 'No belief divides the groups.'),
    '### Consensus across groups',
    list(consensus, 'No belief has every group on one side.'),
  ].join('\n\n');
}

/**
 * The summary of a snapshot — the retro document; a pure function of it and the options,
 * so the same board gives the same text. With `since`, it opens with what changed since then.
 */
export function markdownSummary(snapshot: BoardSnapshot, options: RetroOptions = {}): string {
  const figures = beliefFigures(snapshot);
  // Names may hold commas ("Chen, Li"), so they are separated by semicolons.
  const names = snapshot.participants
    .map((participant) => withoutBidiControls(participant.name).trim() || 'Unnamed participant')
    .sort((a, b) => a.localeCompare(b, 'en'))
    .map(markdownInline);
  const title = markdownInline(snapshot.title) || UNTITLED;
  const namesById = new Map(snapshot.participants.map((participant) => [participant.id, participant.name]));
  const retro: Retro = { discussion: discussionByBelief(snapshot), nameOf: nameReader(snapshot) };
  const since = options.since ?? null;

  const blocks = [
    `# ${title}`,
    `Exported ${formatUtcMinute(snapshot.exportedAt)} · ${plural(snapshot.beliefs.length, 'belief', 'beliefs')}`,
    names.length === 0 ? '**Who took part:** nobody yet.' : `**Who took part** (${names.length}): ${names.join('; ')}`,
    LEGEND,
    ...[movementNote(figures)].filter((note): note is string => note !== null),
    ...(since === null ? [] : [changedSinceSection(snapshot, since, retro.nameOf)]),
    ...(Object.keys(QUADRANTS) as Quadrant[]).map((quadrant) =>
      section(markdownInline(QUADRANTS[quadrant].caption), figures.filter((entry) => entry.quadrant === quadrant), retro),
    ),
    // The trays, under the names the map gives them: never under a quadrant.
    ...TRAY_ORDER.map((tray) => section(TRAYS[tray].title, figures.filter((entry) => entry.tray === tray), retro)),
    groupsSection(snapshot, (id) => withoutBidiControls(namesById.get(id) ?? '').trim() || 'Unnamed participant'),
  ];
  return `${blocks.join('\n\n')}\n`;
}
