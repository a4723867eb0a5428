// The naive baseline of the canvas benchmark (`?naive`, benchMode.ts), never used
// otherwise: every note mounted and drawn on every frame, on one layer, with Konva's
// default settings — no culling, no cached bitmaps, no level of detail, shadows always,
// listening on (so every draw also paints the hit graph) and perfectDrawEnabled on.
// A note looks as it does in Note.tsx: a rounded, shadowed box, its text, and its
// figures (the same single shape as ours, which does not listen: a small favour to the
// baseline).
import { Group, Layer, Rect, Text } from 'react-konva';
import { noteFill } from '../../shared/colors.ts';
import { NOTE_WIDTH } from '../../shared/schema.ts';
import { useBelief, useBeliefIds, useBeliefStats } from '../state/hooks.ts';
import type { BoardSession } from '../state/session.ts';
import type { BoardLayout } from '../editor/layout/boardLayout.ts';
import { NOTE_CORNER_RADIUS, NOTE_PLACEHOLDER } from './Note.tsx';
import { NoteFigures } from './NoteFigures.tsx';
import { noteLayout } from '../editor/layout/noteLayout.ts';
import { CANVAS_FONT_FAMILY, NOTE_FONT_SIZE, NOTE_LINE_HEIGHT, NOTE_PADDING } from '../editor/layout/noteText.ts';
import { useDisplayedPosition } from '../editor/useDisplayedPosition.ts';

export function NaiveNotes({ session, layout }: { session: BoardSession; layout: BoardLayout }) {
  const ids = useBeliefIds(session);
  return (
    <Layer name="notes">
      {ids.map((id) => (
        <NaiveNote key={id} session={session} layout={layout} id={id} />
      ))}
    </Layer>
  );
}

function NaiveNote({ session, layout, id }: { session: BoardSession; layout: BoardLayout; id: string }) {
  const belief = useBelief(session, id);
  const at = useDisplayedPosition(session, layout, id);
  const stats = useBeliefStats(session, id);
  if (!belief || !at) return null;
  const textLayout = noteLayout(belief.text);
  return (
    <Group x={at.x} y={at.y}>
      <Rect
        width={NOTE_WIDTH}
        height={textLayout.height}
        cornerRadius={NOTE_CORNER_RADIUS}
        fill={noteFill(belief.color)}
        shadowColor="#000"
        shadowOpacity={0.16}
        shadowBlur={8}
        shadowOffsetY={2}
      />
      <Text
        x={NOTE_PADDING}
        y={NOTE_PADDING}
        text={belief.text === '' ? NOTE_PLACEHOLDER : textLayout.lines.join('\n')}
        fill="#212529"
        fontSize={NOTE_FONT_SIZE}
        fontFamily={CANVAS_FONT_FAMILY}
        lineHeight={NOTE_LINE_HEIGHT}
        wrap="none"
      />
      <NoteFigures stats={stats} mine={null} noteHeight={textLayout.height} sealedAnswers={null} />
    </Group>
  );
}
