// The layer that changes with people rather than with the board: my selection, the
// marquee I am drawing, and everyone else's cursors and selections in their colours.
// Strokes and labels keep one size on screen at any zoom.
import { memo, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import type Konva from 'konva';
import { Group, Layer, Rect, Text } from 'react-konva';
import { NOTE_WIDTH } from '../../shared/schema.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useDisplayedPosition, useSelection } from '../editor/hooks.ts';
import { noteLayout } from '../editor/layout/noteLayout.ts';
import { CANVAS_FONT_FAMILY, NOTE_CORNER_RADIUS } from '../editor/layout/noteText.ts';
import type { Bounds, ViewportStore } from '../editor/viewport.ts';
import { useBelief, usePeers } from '../state/hooks.ts';
import type { Peer } from '../state/presence.ts';
import type { CanvasState } from './canvasState.ts';
import { Polyline } from './Polyline.tsx';

/** Screen pixels between a note and its outline: mine hugs it, a colleague's sits outside. */
const MY_OUTLINE_GAP = 4;
const PEER_OUTLINE_GAP = 8;
/** A pointer arrow, tip at (0, 0), in screen pixels. */
const POINTER_SHAPE = [0, 0, 0, 17, 4.5, 13, 8, 20, 11, 18.5, 7.5, 12, 13, 12];

interface InteractionLayerProps {
  /** The view the stage draws. */
  viewport: ViewportStore;
  canvas: CanvasState;
}

export const InteractionLayer = memo(function InteractionLayer({ viewport, canvas }: InteractionLayerProps) {
  const { session } = useEditor();
  const selection = useSelection();
  const peers = usePeers(session);
  const scale = useSyncExternalStore(viewport.subscribe, () => viewport.get().scale);
  const marquee = useSyncExternalStore(canvas.marquee.subscribe, canvas.marquee.get);
  const anything = selection.length > 0 || peers.length > 0 || marquee !== null;
  return (
    <Layer listening={false} visible={anything}>
      {peers.flatMap((peer) =>
        peer.selection.map((id) => <Outline key={`${peer.clientId}:${id}`} id={id} color={peer.user.color} gap={PEER_OUTLINE_GAP / scale} />),
      )}
      {selection.map((id) => (
        <Outline key={`mine:${id}`} id={id} color={session.me.color} gap={MY_OUTLINE_GAP / scale} />
      ))}
      {marquee ? <Marquee area={marquee} color={session.me.color} /> : null}
      {peers.map((peer) => (peer.cursor ? <PeerCursor key={peer.clientId} peer={peer} cursor={peer.cursor} scale={scale} /> : null))}
    </Layer>
  );
});

interface OutlineProps {
  id: string;
  color: string;
  gap: number;
}

function Outline({ id, color, gap }: OutlineProps) {
  const { session } = useEditor();
  const belief = useBelief(session, id);
  const at = useDisplayedPosition(id);
  if (!belief || !at) return null;
  return (
    <Rect
      x={at.x - gap}
      y={at.y - gap}
      width={NOTE_WIDTH + 2 * gap}
      height={noteLayout(belief.text).height + 2 * gap}
      cornerRadius={NOTE_CORNER_RADIUS + gap}
      stroke={color}
      strokeWidth={2}
      strokeScaleEnabled={false}
      perfectDrawEnabled={false}
      listening={false}
    />
  );
}

function Marquee({ area, color }: { area: Bounds; color: string }) {
  const box = { x: area.minX, y: area.minY, width: area.maxX - area.minX, height: area.maxY - area.minY };
  return (
    <>
      <Rect {...box} fill={color} opacity={0.07} listening={false} />
      <Rect {...box} stroke={color} strokeWidth={1} dash={[4, 3]} strokeScaleEnabled={false} listening={false} />
    </>
  );
}

function PeerCursor({ peer, cursor, scale }: { peer: Peer; cursor: { x: number; y: number }; scale: number }) {
  return (
    <Group x={cursor.x} y={cursor.y} scaleX={1 / scale} scaleY={1 / scale} listening={false}>
      <Polyline points={POINTER_SHAPE} closed fill={peer.user.color} stroke="#ffffff" strokeWidth={1.5} />
      <NameTag name={peer.user.name} color={peer.user.color} />
    </Group>
  );
}

/**
 * A colleague's name under their pointer, on a rounded tag as wide as the name. Not Konva's
 * Label and Tag, which do this for any text: those are ≈ 0.7 KB gzip of the board page for
 * this one tag (docs/performance.md, bundle).
 */
function NameTag({ name, color }: { name: string; color: string }) {
  const text = useRef<Konva.Text>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  // Konva measures the name as it draws it; read before the layer is drawn, so no frame shows a tag of the wrong width.
  useLayoutEffect(() => {
    const node = text.current;
    if (node) setSize({ width: node.width(), height: node.height() });
  }, [name]);
  return (
    <Group x={12} y={20}>
      <Rect width={size.width} height={size.height} fill={color} cornerRadius={4} />
      <Text ref={text} text={name} fill="#ffffff" fontSize={12} fontFamily={CANVAS_FONT_FAMILY} padding={4} />
    </Group>
  );
}
