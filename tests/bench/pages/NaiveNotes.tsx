// The naive baseline of the canvas benchmark (`?naive`, NaiveStage.tsx), never in the
// product: every note mounted and drawn on every frame, on one layer, with Konva's
// default settings — no culling, no cached bitmaps, no level of detail, shadows always,
// listening on (so every draw also paints the hit graph) and perfectDrawEnabled on.
// A note looks as it does in client/canvas/Note.tsx: a rounded, shadowed box, its text,
// and its figures (the same single shape as ours, which does not listen: a small favour
// to the baseline).
import { Group, Layer, Rect, Text } from 'react-konva';
import { noteFill } from '../../../shared/colors.ts';
import { NOTE_WIDTH } from '../../../shared/schema.ts';
import { NOTE_PLACEHOLDER } from '../../../client/canvas/Note.tsx';
import { NoteFigures } from '../../../client/canvas/NoteFigures.tsx';
import { useEditor } from '../../../client/editor/EditorContext.tsx';
import { useDisplayedPosition } from '../../../client/editor/hooks.ts';
import { noteLayout } from '../../../client/editor/layout/noteLayout.ts';
import { CANVAS_FONT_FAMILY, NOTE_CORNER_RADIUS, NOTE_FONT_SIZE, NOTE_LINE_HEIGHT, NOTE_PADDING } from '../../../client/editor/layout/noteText.ts';
import { useBelief, useBeliefIds, useBeliefStats } from '../../../client/state/hooks.ts';

export function NaiveNotes() {
  const ids = useBeliefIds(useEditor().session);
  return (
    <Layer name="notes">
      {ids.map((id) => (
        <NaiveNote key={id} id={id} />
      ))}
    </Layer>
  );
}

function NaiveNote({ id }: { id: string }) {
  const { session } = useEditor();
  const belief = useBelief(session, id);
  const at = useDisplayedPosition(id);
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
      <NoteFigures stats={stats} mine={null} noteHeight={textLayout.height} sealedAnswers={null} roundHeadcount={null} />
    </Group>
  );
}
