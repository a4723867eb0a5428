// The static backdrop: on a "Belief map" board, and on any board in the Measured view,
// Cutler's 2×2 matrix (otherwise nothing); on a belief-map board in the free layout the
// "Unplaced" tray where new notes land; in the Measured view the trays of beliefs the map
// cannot place ("Needs positions", "Needs a direction"). Labels are dark and large enough
// for a projector (matrix.ts). It never listens for events and changes only with the
// template, the view, and the trays' sizes.
import { memo, useSyncExternalStore } from 'react';
import { Layer, Rect, Text } from 'react-konva';
import { TRAYS } from '../../shared/mapPlace.ts';
import { useBoardMeta } from '../state/hooks.ts';
import {
  AXIS_LABEL_COLOR,
  CAPTION_COLOR,
  LABEL_LINE_HEIGHT,
  labelFontSize,
  MATRIX_BOUNDS,
  matrixLabels,
} from '../editor/layout/matrix.ts';
import { CANVAS_FONT_FAMILY } from '../editor/layout/noteText.ts';
import { TRAY_PADDING, TRAY_SUBTITLE_FONT_SIZE, TRAY_TITLE_FONT_SIZE } from '../editor/layout/trayLayout.ts';
import { UNPLACED_SUBTITLE, UNPLACED_TITLE, UNPLACED_TRAY } from '../editor/layout/unplacedTray.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import type { Bounds } from '../editor/viewport.ts';
import { Polyline } from './Polyline.tsx';

const AXIS_COLOR = '#868e96';
const TRAY_EDGE_COLOR = '#adb5bd';

export const Backdrop = memo(function Backdrop() {
  const { session, layout } = useEditor();
  const { template } = useBoardMeta(session);
  const measured = useSyncExternalStore(layout.mode.subscribe, () => layout.mode.get() === 'measured');
  // The Measured view places notes on the matrix, so it needs the matrix on any board.
  const showMatrix = template === 'belief-map' || measured;
  return (
    <Layer listening={false} visible={showMatrix}>
      {showMatrix ? <Matrix /> : null}
      {measured ? <MeasuredTrays /> : null}
      {template === 'belief-map' && !measured ? <Tray bounds={UNPLACED_TRAY} title={UNPLACED_TITLE} subtitle={UNPLACED_SUBTITLE} /> : null}
    </Layer>
  );
});

function MeasuredTrays() {
  const { layout } = useEditor();
  const trays = useSyncExternalStore(layout.subscribe, () => layout.measured().trays);
  return trays.map((tray) => <Tray key={tray.name} bounds={tray.bounds} title={TRAYS[tray.name].title} subtitle={TRAYS[tray.name].subtitle} />);
}

/** A named, dashed area for notes that are not on the map. */
export function Tray({ bounds, title, subtitle }: { bounds: Bounds; title: string; subtitle: string }) {
  const width = bounds.maxX - bounds.minX;
  return (
    <>
      <Rect
        x={bounds.minX}
        y={bounds.minY}
        width={width}
        height={bounds.maxY - bounds.minY}
        fill="#ffffff"
        opacity={0.6}
        stroke={TRAY_EDGE_COLOR}
        strokeWidth={1.5}
        dash={[6, 4]}
        strokeScaleEnabled={false}
        perfectDrawEnabled={false}
      />
      <Text
        x={bounds.minX + TRAY_PADDING}
        y={bounds.minY + TRAY_PADDING}
        width={width - 2 * TRAY_PADDING}
        text={title}
        fontFamily={CANVAS_FONT_FAMILY}
        fontSize={TRAY_TITLE_FONT_SIZE}
        fontStyle="bold"
        fill={AXIS_LABEL_COLOR}
        perfectDrawEnabled={false}
      />
      <Text
        x={bounds.minX + TRAY_PADDING}
        y={bounds.minY + TRAY_PADDING + TRAY_TITLE_FONT_SIZE * LABEL_LINE_HEIGHT + 4}
        width={width - 2 * TRAY_PADDING}
        text={subtitle}
        fontFamily={CANVAS_FONT_FAMILY}
        fontSize={TRAY_SUBTITLE_FONT_SIZE}
        lineHeight={LABEL_LINE_HEIGHT}
        fill={CAPTION_COLOR}
        perfectDrawEnabled={false}
      />
    </>
  );
}

function Matrix() {
  const { minX, minY, maxX, maxY } = MATRIX_BOUNDS;
  return (
    <>
      <Rect
        x={minX}
        y={minY}
        width={maxX - minX}
        height={maxY - minY}
        fill="#ffffff"
        opacity={0.6}
        stroke={AXIS_COLOR}
        strokeWidth={1}
        strokeScaleEnabled={false}
        perfectDrawEnabled={false}
      />
      <Polyline points={[minX, 0, maxX, 0]} stroke={AXIS_COLOR} strokeWidth={2} strokeScaleEnabled={false} />
      <Polyline points={[0, minY, 0, maxY]} stroke={AXIS_COLOR} strokeWidth={2} strokeScaleEnabled={false} />
      <MatrixLabels />
    </>
  );
}

/**
 * The matrix's captions and axis labels. `ringed`: each letter ringed in the page's white,
 * for the retro picture, which draws them again over its arrows so an arrow crossing a
 * label passes behind its words.
 */
export function MatrixLabels({ ringed = false }: { ringed?: boolean }) {
  return matrixLabels().map((label) => (
    <Text
      key={label.text}
      x={label.x}
      y={label.y}
      width={label.width}
      height={label.height}
      text={label.text}
      align={label.align}
      verticalAlign={label.verticalAlign}
      fontFamily={CANVAS_FONT_FAMILY}
      fontSize={labelFontSize(label)}
      fontStyle={label.kind === 'axis' ? 'bold' : 'normal'}
      fill={label.kind === 'axis' ? AXIS_LABEL_COLOR : CAPTION_COLOR}
      lineHeight={LABEL_LINE_HEIGHT}
      perfectDrawEnabled={false}
      listening={false}
      {...(ringed ? { stroke: '#ffffff', strokeWidth: 8, fillAfterStrokeEnabled: true } : {})}
    />
  ));
}
