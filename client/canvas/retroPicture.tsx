// "Export for retro": the Measured picture of the board as a PNG a team can paste into its
// retro document — whoever exports it, whatever view they are in. The map and its trays
// as the Measured view arranges them, notes in full text; a title and the date above; a
// legend below (the quadrants, the badges, what an arrow means, the trays); the movement
// arrows when two revealed rounds give any. Bands never overlap (retroLayout.ts), and the
// Measured layout keeps notes off the captions and axis labels.
import type { ReactNode } from 'react';
import { Group, Layer, Rect, Text } from 'react-konva';
import { formatUtcMinute } from '../../shared/exports/exportTime.ts';
import { TRAY_ORDER, TRAYS } from '../../shared/mapPlace.ts';
import { readBoardMeta } from '../../shared/model.ts';
import { QUADRANTS, type Quadrant } from '../../shared/quadrants.ts';
import { CONVERGED_AT, DIVERGED_BELOW, type ConvergenceBadge } from '../../shared/stats.ts';
import { BADGE_WORDS } from '../../shared/statsText.ts';
import type { BoardEditor } from '../editor/BoardEditor.ts';
import { BoardLayout } from '../editor/layout/boardLayout.ts';
import { AXIS_LABEL_COLOR, CAPTION_COLOR } from '../editor/layout/matrix.ts';
import { CANVAS_FONT_FAMILY } from '../editor/layout/noteText.ts';
import { retroLayout, RETRO_PIXEL_RATIO, type RetroLayout } from '../editor/layout/retroLayout.ts';
import { Backdrop, MatrixLabels } from './Backdrop.tsx';
import { drawStagePicture } from './boardPicture.tsx';
import { CanvasState } from './canvasState.ts';
import { BADGE_COLORS } from './NoteFigures.tsx';
import { NotesLayers } from './NotesLayers.tsx';
import { Polyline } from './Polyline.tsx';

export interface RetroOptions {
  /** The movement arrows (Konva shapes), or null when there are none to draw. */
  arrows: ReactNode | null;
  /** The rounds the arrows run between, for the legend. */
  arrowRounds: { from: number; to: number } | null;
  exportedAt: number;
  onProgress(done: number): void;
}

/** The editor as the picture sees it: the same board, arranged in the Measured view, at rest. */
function measuredEditor(editor: BoardEditor): BoardEditor {
  const layout = new BoardLayout(editor.session);
  layout.mode.set('measured');
  layout.progress.set(1);
  return Object.assign(Object.create(editor) as BoardEditor, { layout });
}

export function retroPictureLayout(editor: BoardEditor): RetroLayout {
  return retroLayout(measuredEditor(editor).layout.measured().bounds);
}

export async function drawRetroPicture(editor: BoardEditor, options: RetroOptions): Promise<Blob> {
  const retro = measuredEditor(editor);
  const page = retroLayout(retro.layout.measured().bounds);
  const width = Math.ceil((page.area.maxX - page.area.minX) * RETRO_PIXEL_RATIO);
  const height = Math.ceil((page.area.maxY - page.area.minY) * RETRO_PIXEL_RATIO);
  const meta = readBoardMeta(editor.session.doc);
  const beliefs = editor.session.beliefs.all().length;
  return drawStagePicture(
    retro,
    { plan: { area: page.area, pixelRatio: RETRO_PIXEL_RATIO, width, height }, background: 'white', onProgress: options.onProgress },
    (viewport) => (
      <>
        <Backdrop />
        <NotesLayers viewport={viewport} canvas={new CanvasState()} />
        {options.arrows ? (
          <Layer listening={false}>
            {options.arrows}
            <MatrixLabels ringed />
          </Layer>
        ) : null}
        <Layer listening={false}>
          <Header page={page} title={meta.title.trim() || 'Untitled board'} subtitle={`Measured map · exported ${formatUtcMinute(options.exportedAt)} · ${beliefs} ${beliefs === 1 ? 'belief' : 'beliefs'}`} />
          <Legend page={page} arrowRounds={options.arrowRounds} />
        </Layer>
      </>
    ),
  );
}

const TITLE_SIZE = 56;
const SUBTITLE_SIZE = 28;
const LEGEND_HEADING_SIZE = 26;
const LEGEND_SIZE = 22;
const LEGEND_LINE = 34;
const INK = '#212529';

function Header({ page, title, subtitle }: { page: RetroLayout; title: string; subtitle: string }) {
  const { header } = page;
  const width = header.maxX - header.minX;
  return (
    <>
      <Text x={header.minX} y={header.minY} width={width} height={TITLE_SIZE * 1.2} text={title} fontFamily={CANVAS_FONT_FAMILY} fontSize={TITLE_SIZE} fontStyle="bold" fill={INK} ellipsis wrap="none" />
      <Text x={header.minX} y={header.minY + TITLE_SIZE * 1.4} width={width} text={subtitle} fontFamily={CANVAS_FONT_FAMILY} fontSize={SUBTITLE_SIZE} fill={CAPTION_COLOR} />
    </>
  );
}

const QUADRANT_PLACES: Record<Quadrant, string> = {
  'agree-good': 'Upper right',
  'agree-stale': 'Upper left',
  'tension-good': 'Lower right',
  'must-resolve': 'Lower left',
};

const BADGE_MEANINGS: Record<ConvergenceBadge, string> = {
  converged: `convergence ≥ ${CONVERGED_AT}`,
  mixed: `convergence ${DIVERGED_BELOW}–${CONVERGED_AT}`,
  diverged: `convergence < ${DIVERGED_BELOW}`,
  'too-few': 'fewer than 3 positions',
};

const ARROW_COLOR = '#1f5fbf';

function Legend({ page, arrowRounds }: { page: RetroLayout; arrowRounds: RetroOptions['arrowRounds'] }) {
  const { legend } = page;
  const column = (legend.maxX - legend.minX) / 2;
  const left = legend.minX;
  const right = legend.minX + column + 24;
  const heading = (x: number, y: number, text: string) => (
    <Text x={x} y={y} text={text} fontFamily={CANVAS_FONT_FAMILY} fontSize={LEGEND_HEADING_SIZE} fontStyle="bold" fill={AXIS_LABEL_COLOR} />
  );
  const line = (x: number, y: number, text: string, width = column - 24) => (
    <Text x={x} y={y} width={width} text={text} fontFamily={CANVAS_FONT_FAMILY} fontSize={LEGEND_SIZE} fill={INK} wrap="word" />
  );
  const top = legend.minY;
  const quadrants = (Object.keys(QUADRANTS) as Quadrant[]).map((quadrant, index) =>
    line(left, top + 44 + index * LEGEND_LINE, `${QUADRANT_PLACES[quadrant]}: ${QUADRANTS[quadrant].caption}`),
  );
  const axesTop = top + 44 + 4 * LEGEND_LINE + 16;
  const badges = (Object.keys(BADGE_WORDS) as ConvergenceBadge[]).map((badge, index) => {
    const y = top + 44 + index * LEGEND_LINE;
    return (
      <Group key={badge}>
        <Text x={right} y={y} width={220} text={BADGE_WORDS[badge]} fontFamily={CANVAS_FONT_FAMILY} fontSize={LEGEND_SIZE} fontStyle="bold" fill={BADGE_COLORS[badge]} />
        <Text x={right + 230} y={y} text={BADGE_MEANINGS[badge]} fontFamily={CANVAS_FONT_FAMILY} fontSize={LEGEND_SIZE} fill={INK} />
      </Group>
    );
  });
  const polarizedY = top + 44 + 4 * LEGEND_LINE;
  const arrowY = polarizedY + LEGEND_LINE + 20;
  return (
    <>
      <Rect x={legend.minX - 16} y={legend.minY - 16} width={legend.maxX - legend.minX + 32} height={legend.maxY - legend.minY + 16} stroke="#dee2e6" strokeWidth={1} />
      {heading(left, top, 'The map')}
      {quadrants}
      {line(left, axesTop, 'Up: the team converges (measured from everyone’s positions). Right: maintain / support; left: challenge / shift (the team’s mean direction).')}
      {line(left, axesTop + 2 * LEGEND_LINE + 8, TRAY_ORDER.map((tray) => `“${TRAYS[tray].title}”: ${TRAYS[tray].subtitle}`).join(' '))}
      {heading(right, top, 'Badges')}
      {badges}
      <Text x={right} y={polarizedY} width={220} text="⇅ polarized" fontFamily={CANVAS_FONT_FAMILY} fontSize={LEGEND_SIZE} fontStyle="bold" fill="#862e9c" />
      <Text x={right + 230} y={polarizedY} text="the team is split into camps" fontFamily={CANVAS_FONT_FAMILY} fontSize={LEGEND_SIZE} fill={INK} />
      <Polyline points={[right, arrowY + 14, right + 200, arrowY + 14]} stroke={ARROW_COLOR} strokeWidth={3} dash={[10, 6]} />
      <Polyline points={[right + 188, arrowY + 6, right + 202, arrowY + 14, right + 188, arrowY + 22]} stroke={ARROW_COLOR} strokeWidth={3} />
      <Text
        x={right + 230}
        y={arrowY}
        width={column - 260}
        text={
          arrowRounds
            ? `An arrow: where a belief sat after round ${arrowRounds.from} → where it sits after round ${arrowRounds.to}.`
            : 'An arrow shows how a belief moved between two revealed rounds; this board has none yet.'
        }
        fontFamily={CANVAS_FONT_FAMILY}
        fontSize={LEGEND_SIZE}
        fill={INK}
      />
    </>
  );
}
