// The readable summary of a board, in Markdown, for a retro document or a wiki: the title,
// the date, who took part, then the beliefs under Cutler's quadrant captions and the
// trays' names ("Needs positions", "Needs a direction"), most
// divergent first, each with its n, distribution, convergence, polarization and movement.
import { TRAY_ORDER, TRAYS } from '../mapPlace.ts';
import { QUADRANTS, type Quadrant } from '../quadrants.ts';
import type { BoardSnapshot } from '../snapshot/format.ts';
import { formatConvergence } from '../stats.ts';
import { BADGE_WORDS, formatDistribution } from '../statsText.ts';
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
  '**polarized** marks a team split into camps.';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "round 1 0.45 → round 2 0.80", or — when fewer than two rounds asked about the belief. */
export function formatMovement(movement: Movement | null): string {
  if (!movement) return '—';
  const figure = (value: number | null) => (value === null ? 'too few positions' : formatConvergence(value));
  return `round ${movement.fromRound} ${figure(movement.from)} → round ${movement.toRound} ${figure(movement.to)}`;
}

function figuresLine({ stats, movement }: BeliefFigures): string {
  const parts = [`n = ${stats.n}`];
  if (stats.passCount > 0) parts.push(plural(stats.passCount, 'pass', 'passes'));
  parts.push(`\`${formatDistribution(stats.distribution)}\``);
  parts.push(stats.convergence === null ? BADGE_WORDS['too-few'] : `convergence ${formatConvergence(stats.convergence)} (${BADGE_WORDS[stats.badge]})`);
  if (stats.polarized) parts.push('**polarized**');
  parts.push(`movement since the previous round: ${formatMovement(movement)}`);
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
    ...(Object.keys(QUADRANTS) as Quadrant[]).map((quadrant) =>
      section(markdownInline(QUADRANTS[quadrant].caption), figures.filter((entry) => entry.quadrant === quadrant)),
    ),
    // The trays, under the names the map gives them: never under a quadrant.
    ...TRAY_ORDER.map((tray) => section(TRAYS[tray].title, figures.filter((entry) => entry.tray === tray))),
  ];
  return `${blocks.join('\n\n')}\n`;
}
