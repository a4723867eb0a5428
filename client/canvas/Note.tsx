// One sticky note with the team's figures at its foot. It subscribes to its own belief,
// its own figures and its own displayed place, so a change to one note (a new position
// included) re-renders one note. While it has a soft shadow (few notes on screen) it
// keeps itself as a cached bitmap between changes: a software-rendered frame then blits
// one image instead of blurring a shadow and shaping text, which halved the p95 pan
// frame at 400 notes.
import type Konva from 'konva';
import { memo, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import { Group, Rect, Text } from 'react-konva';
import { noteFill } from '../../shared/colors.ts';
import { NOTE_WIDTH } from '../../shared/schema.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useDisplayedPosition, useIsEditing } from '../editor/hooks.ts';
import { noteLayout } from '../editor/layout/noteLayout.ts';
import { CANVAS_FONT_FAMILY, NOTE_CORNER_RADIUS, NOTE_FONT_SIZE, NOTE_LINE_HEIGHT, NOTE_PADDING } from '../editor/layout/noteText.ts';
import type { ViewportStore } from '../editor/viewport.ts';
import { useBelief, useBeliefStats, useMyPosition } from '../state/hooks.ts';
import { useSealedAnswerCount } from '../state/roundHooks.ts';
import { cancelBitmap, requestBitmap } from './bitmapCache.ts';
import { figuresLooks, NoteFigures } from './NoteFigures.tsx';

const TEXT_COLOR = '#212529';
const PLACEHOLDER_COLOR = '#adb5bd';
export const NOTE_PLACEHOLDER = 'Double-click to write';

/**
 * Resolution of the cached bitmap relative to board units. It follows the zoom in steps,
 * so text stays sharp when zoomed in and bitmaps stay small when zoomed out, without
 * re-rendering every note on every wheel tick.
 */
export function cacheResolution(scale: number): number {
  if (scale <= 0.5) return 0.5;
  if (scale <= 1) return 1;
  if (scale <= 2) return 2;
  return 4;
}

interface NoteProps {
  /** The view the stage draws: the note's bitmap is made at its resolution. */
  viewport: ViewportStore;
  id: string;
  /** Soft shadows (and bitmaps) only while few notes are on screen: they are costly to paint. */
  shadow: boolean;
  /** How many people the open round has, or null outside a round. */
  roundHeadcount: number | null;
}

export const Note = memo(function Note({ viewport, id, shadow, roundHeadcount }: NoteProps) {
  const { session } = useEditor();
  const belief = useBelief(session, id);
  const at = useDisplayedPosition(id);
  const stats = useBeliefStats(session, id);
  const mine = useMyPosition(session, id);
  const sealedAnswers = useSealedAnswerCount(session, id);
  const editing = useIsEditing(id);
  const resolution = useSyncExternalStore(viewport.subscribe, () => cacheResolution(viewport.get().scale));
  const groupRef = useRef<Konva.Group>(null);
  const text = belief?.text ?? '';
  const color = belief?.color;
  const present = belief !== undefined;

  // Moving the note does not change its bitmap, so x and y are not among the causes.
  const looks = `${present}|${color}|${editing}|${text}|${figuresLooks(stats, mine, sealedAnswers, roundHeadcount)}`;
  const shownLooks = useRef<string | null>(null);
  useLayoutEffect(() => {
    const group = groupRef.current;
    if (!group) return;
    if (!shadow) {
      // Measured: without a shadow, drawing the note directly is as fast as its bitmap,
      // and many notes on screen would each cost a canvas to make and to keep.
      if (group.isCached()) group.clearCache();
      shownLooks.current = null;
      return;
    }
    requestBitmap(group, resolution * (window.devicePixelRatio || 1), shownLooks.current !== looks);
    shownLooks.current = looks;
    return () => cancelBitmap(group);
  }, [looks, shadow, resolution]);

  if (!belief || !at) return null;
  const textLayout = noteLayout(text);
  return (
    <Group ref={groupRef} x={at.x} y={at.y} listening={false}>
      <Rect
        width={NOTE_WIDTH}
        height={textLayout.height}
        cornerRadius={NOTE_CORNER_RADIUS}
        fill={noteFill(belief.color)}
        shadowEnabled={shadow}
        shadowColor="#000"
        shadowOpacity={0.16}
        shadowBlur={8}
        shadowOffsetY={2}
        perfectDrawEnabled={false}
        listening={false}
      />
      {editing ? null : (
        <Text
          x={NOTE_PADDING}
          y={NOTE_PADDING}
          text={text === '' ? NOTE_PLACEHOLDER : textLayout.lines.join('\n')}
          fill={text === '' ? PLACEHOLDER_COLOR : TEXT_COLOR}
          fontSize={NOTE_FONT_SIZE}
          fontFamily={CANVAS_FONT_FAMILY}
          lineHeight={NOTE_LINE_HEIGHT}
          // Lines are already wrapped by editor/layout/noteText.ts, the same wrapping that sizes the note.
          wrap="none"
          perfectDrawEnabled={false}
          listening={false}
        />
      )}
      {editing ? null : <NoteFigures stats={stats} mine={mine} noteHeight={textLayout.height} sealedAnswers={sealedAnswers} roundHeadcount={roundHeadcount} />}
    </Group>
  );
});
