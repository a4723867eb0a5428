// The static backdrop: on a "Belief map" board, Cutler's 2×2 matrix (on a blank board,
// nothing). It never listens for events and only changes when the board's template does.
import { memo } from 'react';
import { Layer, Line, Rect, Text } from 'react-konva';
import { useBoardMeta } from '../state/hooks.ts';
import type { BoardSession } from '../state/session.ts';
import { MATRIX_BOUNDS, matrixLabels } from './matrix.ts';
import { CANVAS_FONT_FAMILY } from './noteText.ts';

const AXIS_COLOR = '#adb5bd';
const AXIS_LABEL_COLOR = '#495057';
const CAPTION_COLOR = '#ced4da';

export const Backdrop = memo(function Backdrop({ session }: { session: BoardSession }) {
  const { template } = useBoardMeta(session);
  const showMatrix = template === 'belief-map';
  return (
    <Layer listening={false} visible={showMatrix}>
      {showMatrix ? <Matrix /> : null}
    </Layer>
  );
});

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
