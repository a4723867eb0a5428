// On the canvas, each note with comments shows how many at its top-left corner, in a small
// bubble that keeps one size on screen. Shapes only, no layer of its own: the board page
// draws them on the workshop's marks layer, as the stage keeps few layers.
import { useSyncExternalStore } from 'react';
import { Group, Rect, Text } from 'react-konva';
import { useDisplayedPosition } from '../editor/hooks.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import type { ViewportStore } from '../editor/viewport.ts';
import { useDiscussion } from '../state/discussionStore.ts';

/** Screen pixels. */
const HEIGHT = 18;
const FONT = 12;

export function CommentBadges({ view }: { view: ViewportStore }) {
  const { counts } = useDiscussion(useEditor().session);
  const scale = useSyncExternalStore(view.subscribe, () => view.get().scale);
  return [...counts].map(([id, count]) => <Badge key={id} id={id} count={count} scale={scale} />);
}

function Badge({ id, count, scale }: { id: string; count: number; scale: number }) {
  const at = useDisplayedPosition(id);
  if (!at) return null;
  const label = count > 99 ? '99+' : String(count);
  const width = (14 + label.length * 7) / scale;
  const height = HEIGHT / scale;
  return (
    <Group x={at.x - width / 3} y={at.y - height / 2}>
      <Rect width={width} height={height} cornerRadius={height / 2} fill="#343a40" stroke="#ffffff" strokeWidth={1.5} strokeScaleEnabled={false} />
      <Text text={label} width={width} height={height} align="center" verticalAlign="middle" fontSize={FONT / scale} fill="#ffffff" fontStyle="bold" />
    </Group>
  );
}
