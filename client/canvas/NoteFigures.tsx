// The team's figures at the foot of a note: how many stand at each point of the scale
// (five bars, −2 … +2, my own point marked beneath), n, and the convergence badge in
// words, with a separate mark when the team is split into two camps. Colour only
// repeats what the words say. Drawn as one shape: with hundreds of notes on screen and
// no bitmaps, every extra node is paid for on every frame of a pan.
import type Konva from 'konva';
import { Shape } from 'react-konva';
import { NOTE_WIDTH, SCALE, type PositionRecord } from '../../shared/schema.ts';
import type { BeliefStats, ConvergenceBadge } from '../../shared/stats.ts';
import { BADGE_WORDS } from '../../shared/statsText.ts';
import { sealedLabel } from '../state/roundProgress.ts';
import { CANVAS_FONT_FAMILY, NOTE_PADDING } from '../editor/layout/noteText.ts';

/** The strip's own height; NOTE_FIGURES_HEIGHT adds the gap above it. */
const STRIP_HEIGHT = 28;
const BAR_WIDTH = 8;
const BAR_GAP = 3;
const BAR_AREA_HEIGHT = 16;
const BADGE_WIDTH = 72;
const BADGE_HEIGHT = 16;

const INK = '#212529';
const BAR_COLOR = '#495057';
const EMPTY_BAR_COLOR = '#adb5bd';
const POLARIZED_MARK = '⇅ polarized';
const POLARIZED_COLOR = '#862e9c';
/** Dark enough on the badge's white ground for small text (WCAG AA). */
export const BADGE_COLORS: Readonly<Record<ConvergenceBadge, string>> = {
  converged: '#2b8a3e',
  mixed: '#9c5700',
  diverged: '#c92a2a',
  'too-few': '#495057',
};

interface NoteFiguresProps {
  stats: BeliefStats;
  mine: PositionRecord | null;
  /** The note's height: the strip sits at its foot. */
  noteHeight: number;
  /** While the belief is in an open round: how many have answered, shown instead of any figure. */
  sealedAnswers: number | null;
  /** How many people the open round has ("2 of 5 answered"), or null. */
  roundHeadcount: number | null;
}

export function NoteFigures({ stats, mine, noteHeight, sealedAnswers, roundHeadcount }: NoteFiguresProps) {
  const top = noteHeight - NOTE_PADDING - STRIP_HEIGHT;
  const sceneFunc = (context: Konva.Context) =>
    sealedAnswers === null ? drawFigures(context, stats, mine, top) : drawSealed(context, sealedAnswers, roundHeadcount, top);
  return <Shape sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />;
}

function drawSealed(context: Konva.Context, answered: number, of: number | null, top: number): void {
  context.textBaseline = 'middle';
  context.textAlign = 'left';
  context.fillStyle = INK;
  context.font = `bold 12px ${CANVAS_FONT_FAMILY}`;
  context.fillText(sealedLabel(answered, of ?? undefined), NOTE_PADDING, top + STRIP_HEIGHT / 2);
}

function drawFigures(context: Konva.Context, stats: BeliefStats, mine: PositionRecord | null, top: number): void {
  const right = NOTE_WIDTH - NOTE_PADDING;
  const baseline = top + BAR_AREA_HEIGHT;
  const tallest = Math.max(1, ...SCALE.map((point) => stats.distribution[point]));
  SCALE.forEach((point, index) => {
    const count = stats.distribution[point];
    // An empty point keeps a stub on the baseline, so the five places of the scale stay readable.
    const height = count === 0 ? 1.5 : 3 + ((BAR_AREA_HEIGHT - 3) * count) / tallest;
    const x = NOTE_PADDING + index * (BAR_WIDTH + BAR_GAP);
    context.fillStyle = count === 0 ? EMPTY_BAR_COLOR : BAR_COLOR;
    context.fillRect(x, baseline - height, BAR_WIDTH, height);
    if (mine?.agreement === point) {
      context.fillStyle = INK;
      context.beginPath();
      context.moveTo(x + BAR_WIDTH / 2, baseline + 3);
      context.lineTo(x, baseline + 9);
      context.lineTo(x + BAR_WIDTH, baseline + 9);
      context.closePath();
      context.fill();
    }
  });

  context.textBaseline = 'middle';
  context.textAlign = 'left';
  context.fillStyle = INK;
  context.font = `bold 12px ${CANVAS_FONT_FAMILY}`;
  context.fillText(`n ${stats.n}`, NOTE_PADDING + SCALE.length * (BAR_WIDTH + BAR_GAP) + 3, top + 8);

  const secondRow = top + STRIP_HEIGHT - 6;
  context.textAlign = 'right';
  if (stats.badge === 'too-few') {
    context.fillStyle = BADGE_COLORS['too-few'];
    context.font = `11px ${CANVAS_FONT_FAMILY}`;
    context.fillText(BADGE_WORDS['too-few'], right, secondRow);
    return;
  }
  const color = BADGE_COLORS[stats.badge];
  const radius = BADGE_HEIGHT / 2;
  context.beginPath();
  context.arc(right - radius, top + radius, radius, -Math.PI / 2, Math.PI / 2);
  context.arc(right - BADGE_WIDTH + radius, top + radius, radius, Math.PI / 2, (3 * Math.PI) / 2);
  context.closePath();
  context.fillStyle = 'rgba(255, 255, 255, 0.9)';
  context.fill();
  context.strokeStyle = color;
  context.lineWidth = 1;
  context.stroke();
  context.textAlign = 'center';
  context.fillStyle = color;
  context.font = `bold 11px ${CANVAS_FONT_FAMILY}`;
  context.fillText(BADGE_WORDS[stats.badge], right - BADGE_WIDTH / 2, top + radius + 0.5);
  if (stats.polarized) {
    context.textAlign = 'right';
    context.fillStyle = POLARIZED_COLOR;
    context.fillText(POLARIZED_MARK, right, secondRow);
  }
}

/** Everything the strip shows, as a string: the note's bitmap is remade when it changes. */
export function figuresLooks(stats: BeliefStats, mine: PositionRecord | null, sealedAnswers: number | null, roundHeadcount: number | null): string {
  if (sealedAnswers !== null) return `sealed|${sealedAnswers}|${roundHeadcount}`;
  return `${SCALE.map((point) => stats.distribution[point]).join(',')}|${stats.badge}|${stats.polarized}|${mine?.agreement ?? ''}`;
}
