// The static backdrop: on a "Belief map" board, and on any board in the Measured view,
// Cutler's 2×2 matrix (otherwise nothing); in the Measured view also the "Needs
// positions" tray. It never listens for events and changes only with the template, the
// view, and the tray's size.
import { memo, useSyncExternalStore } from 'react';
import { Layer, Line, Rect, Text } from 'react-konva';
import { useBoardMeta } from '../state/hooks.ts';
import { MATRIX_BOUNDS, matrixLabels } from '../editor/layout/matrix.ts';
import { CANVAS_FONT_FAMILY } from '../editor/layout/noteText.ts';
import { TRAY_PADDING, TRAY_SUBTITLE, TRAY_TITLE } from '../editor/layout/trayLayout.ts';
import { useEditor } from '../editor/EditorContext.tsx';

const AXIS_COLOR = '#adb5bd';
const AXIS_LABEL_COLOR = '#495057';
const CAPTION_COLOR = '#ced4da';

export const Backdrop = memo(function Backdrop() {
  const { session, layout } = useEditor();
  const { template } = useBoardMeta(session);
  const measured = useSyncExternalStore(layout.mode.subscribe, () => layout.mode.get() === 'measured');
  // The Measured view places notes on the matrix, so it needs the matrix on any board.
  const showMatrix = template === 'belief-map' || measured;
  return (
    <Layer listening={false} visible={showMatrix}>
      {showMatrix ? <Matrix /> : null}
      {measured ? <NeedsPositionsTray /> : null}
    </Layer>
  );
});

function NeedsPositionsTray() {
  const { layout } = useEditor();
  const tray = useSyncExternalStore(layout.subscribe, () => layout.measured().tray);
  if (!tray) return null;
  return (
    <>
      <Rect
        x={tray.minX}
        y={tray.minY}
        width={tray.maxX - tray.minX}
        height={tray.maxY - tray.minY}
        fill="#ffffff"
        opacity={0.6}
        stroke={AXIS_COLOR}
        strokeWidth={1}
        dash={[6, 4]}
        strokeScaleEnabled={false}
        perfectDrawEnabled={false}
      />
      <Text
        x={tray.minX + TRAY_PADDING}
        y={tray.minY + TRAY_PADDING}
        text={TRAY_TITLE}
        fontFamily={CANVAS_FONT_FAMILY}
        fontSize={26}
        fontStyle="bold"
        fill={AXIS_LABEL_COLOR}
        perfectDrawEnabled={false}
      />
      <Text
        x={tray.minX + TRAY_PADDING}
        y={tray.minY + TRAY_PADDING + 36}
        text={TRAY_SUBTITLE}
        fontFamily={CANVAS_FONT_FAMILY}
        fontSize={18}
        fill={AXIS_LABEL_COLOR}
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
      <Line points={[minX, 0, maxX, 0]} stroke={AXIS_COLOR} strokeWidth={2} strokeScaleEnabled={false} />
      <Line points={[0, minY, 0, maxY]} stroke={AXIS_COLOR} strokeWidth={2} strokeScaleEnabled={false} />
      {matrixLabels().map((label) => (
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
          fontSize={label.kind === 'axis' ? 18 : 34}
          fontStyle={label.kind === 'axis' ? 'bold' : 'normal'}
          fill={label.kind === 'axis' ? AXIS_LABEL_COLOR : CAPTION_COLOR}
          lineHeight={1.25}
          perfectDrawEnabled={false}
        />
      ))}
    </>
  );
}
