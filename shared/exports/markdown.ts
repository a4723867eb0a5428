// The readable summary of a board, in Markdown, for a retro document or a wiki: the title,
// the date, who took part, then the beliefs under Cutler's quadrant captions, most
// divergent first, each with its n, distribution, convergence, polarization and movement
// (said once for the beliefs that have none, not on each of them).
import { QUADRANTS, type Quadrant } from '../quadrants.ts';
import { MIN_PEOPLE_FOR_MOVEMENT } from '../roundMovement.ts';
import type { BoardSnapshot } from '../snapshot/format.ts';
import { formatConvergence } from '../stats.ts';
import { BADGE_WORDS, formatDistribution, POLARIZED_RULE } from '../statsText.ts';
import { beliefFigures, mostDivergentFirst, type BeliefFigures, type Movement } from './beliefFigures.ts';
import { withoutBidiControls } from './bidiControls.ts';
import { formatUtcMinute } from './exportTime.ts';
import { markdownInline, markdownLines } from './markdownText.ts';

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

function beliefItem(entry: BeliefFigures): string {
  const text = markdownLines(entry.belief.text, ITEM_INDENT);
  return `- ${text === '' ? EMPTY_NOTE : text}\n${ITEM_INDENT}- ${figuresLine(entry)}`;
}

function section(heading: string, entries: readonly BeliefFigures[]): string {
  const body = entries.length === 0 ? '_No beliefs here._' : mostDivergentFirst(entries).map(beliefItem).join('\n');
  return `## ${heading}\n\n${body}`;
}

/** The summary of a snapshot; a pure function of it, so the same board gives the same text. */
export function markdownSummary(snapshot: BoardSnapshot): string {
  const figures = beliefFigures(snapshot);
  // Names may hold commas ("Chen, Li"), so they are separated by semicolons.
  const names = snapshot.participants
    .map((participant) => withoutBidiControls(participant.name).trim() || 'Unnamed participant')
    .sort((a, b) => a.localeCompare(b, 'en'))
    .map(markdownInline);
  const title = markdownInline(snapshot.title) || UNTITLED;

  const blocks = [
    `# ${title}`,
    `Exported ${formatUtcMinute(snapshot.exportedAt)} · ${plural(snapshot.beliefs.length, 'belief', 'beliefs')}`,
    names.length === 0 ? '**Who took part:** nobody yet.' : `**Who took part** (${names.length}): ${names.join('; ')}`,
    LEGEND,
    ...[movementNote(figures)].filter((note): note is string => note !== null),
    ...(Object.keys(QUADRANTS) as Quadrant[]).map((quadrant) =>
      section(markdownInline(QUADRANTS[quadrant].caption), figures.filter((entry) => entry.quadrant === quadrant)),
    ),
    section('Too few positions to measure', figures.filter((entry) => entry.quadrant === null)),
  ];
  return `${blocks.join('\n\n')}\n`;
}
