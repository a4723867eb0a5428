// The zoomed-out view of the notes: each note's box with a short bold label — its first
// words, at least 12 px tall on screen — and its badge word (11 px at least), all
// in one shape, so hundreds of notes cost one node. Labels are laid out once per text and
// zoom (client/editor/layout/readability.ts); the stage redraws at a new zoom only when
// the camera rests (drawnView.ts), so a wheel spin does not re-wrap every label.
import type Konva from 'konva';
import { useSyncExternalStore } from 'react';
import { Shape } from 'react-konva';
import { noteFill } from '../../shared/colors.ts';
import { NOTE_WIDTH } from '../../shared/schema.ts';
import { BADGE_WORDS } from '../../shared/statsText.ts';
import { figuresOutsideRound } from '../../shared/roundFigures.ts';
import { isBeliefInRound } from '../../shared/workshop.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { noteLayout } from '../editor/layout/noteLayout.ts';
import { CANVAS_FONT_FAMILY } from '../editor/layout/noteText.ts';
import { badgeWordThatFits, LABEL_LINE_HEIGHT, LABEL_PADDING, noteLabel, type NoteLabel, type TypeSizes } from '../editor/layout/readability.ts';
import { useBeliefsVersion } from '../state/hooks.ts';
import { workshopStore } from '../state/workshopStore.ts';
import { BADGE_COLORS } from './NoteFigures.tsx';

const LABEL_COLOR = '#212529';
const SEALED_WORD = 'sealed';
/** Shorter forms of the badges' words, for a label too narrow for the full one. */
const SHORT_BADGE_WORDS: Readonly<Record<string, string>> = { 'too few positions': 'too few' };
/** Board units of the coloured band that stands for the badge when no word fits. */
const BADGE_BAND = 6;

/** Bold text widths at any size, from one measurement at 100 units. */
function createBoldMeasure(): (text: string, fontSize: number) => number {
  const context = document.createElement('canvas').getContext('2d');
  const widths = new Map<string, number>();
  return (text, fontSize) => {
    let width = widths.get(text);
    if (width === undefined) {
      if (!context) return Array.from(text).length * fontSize * 0.6;
      context.font = `bold 100px ${CANVAS_FONT_FAMILY}`;
      if (widths.size > 50_000) widths.clear();
      width = context.measureText(text).width;
      widths.set(text, width);
    }
    return (width * fontSize) / 100;
  };
}

let measureBold: ReturnType<typeof createBoldMeasure> | null = null;
const labels = new Map<string, NoteLabel>();

function labelOf(text: string, height: number, scale: number, sizes: TypeSizes): NoteLabel {
  const key = `${scale}|${sizes.labelMinPx}|${height}|${text}`;
  let label = labels.get(key);
  if (!label) {
    measureBold ??= createBoldMeasure();
    if (labels.size > 12_000) labels.clear();
    label = noteLabel(text, height, scale, measureBold, sizes);
    labels.set(key, label);
  }
  return label;
}

interface NoteLabelsProps {
  ids: string[];
  /** The zoom the stage draws at. */
  scale: number;
  sizes: TypeSizes;
}

export function NoteLabels({ ids, scale, sizes }: NoteLabelsProps) {
  const { session, layout } = useEditor();
  // A move, an edit or new figures anywhere change this picture.
  useBeliefsVersion(session);
  useSyncExternalStore(layout.subscribe, () => layout.contentKey());
  useSyncExternalStore(session.stats.subscribeAny, session.stats.getVersion);
  const round = useSyncExternalStore(workshopStore(session.doc).subscribe, () => workshopStore(session.doc).get().state.round);
  const statsOf = figuresOutsideRound(round, session.stats.get);
  const sceneFunc = (context: Konva.Context) => {
    context.textBaseline = 'top';
    context.textAlign = 'left';
    for (const id of ids) {
      const belief = session.beliefs.get(id);
      const at = layout.positionOf(id);
      if (!belief || !at) continue;
      const height = noteLayout(belief.text).height;
      context.fillStyle = noteFill(belief.color);
      context.fillRect(at.x, at.y, NOTE_WIDTH, height);
      const label = labelOf(belief.text, height, scale, sizes);
      const lineAdvance = label.fontSize * LABEL_LINE_HEIGHT;
      context.font = `bold ${label.fontSize}px ${CANVAS_FONT_FAMILY}`;
      context.fillStyle = LABEL_COLOR;
      label.lines.forEach((line, index) => context.fillText(line, at.x + LABEL_PADDING, at.y + LABEL_PADDING + index * lineAdvance));
      const sealed = isBeliefInRound(round, id);
      const badge = statsOf(id).badge;
      const color = sealed ? BADGE_COLORS['too-few'] : BADGE_COLORS[badge];
      const full = sealed ? SEALED_WORD : BADGE_WORDS[badge];
      // The word at the label's size; else a twelfth smaller (11 px where labels are 12),
      // which keeps "converged" whole on a note 62 px wide; else its short form.
      const smaller = (label.fontSize * 11) / 12;
      const word = !label.badgeFits
        ? null
        : badgeWordThatFits([full], label.fontSize, measureBold!) !== null
          ? { text: full, size: label.fontSize }
          : badgeWordThatFits([full], smaller, measureBold!) !== null
            ? { text: full, size: smaller }
            : badgeWordThatFits([SHORT_BADGE_WORDS[full] ?? full], label.fontSize, measureBold!) !== null
              ? { text: SHORT_BADGE_WORDS[full] ?? full, size: label.fontSize }
              : null;
      context.fillStyle = color;
      if (word) {
        context.font = `bold ${word.size}px ${CANVAS_FONT_FAMILY}`;
        context.fillText(word.text, at.x + LABEL_PADDING, at.y + height - LABEL_PADDING - word.size);
      }
      // No room for a word: the badge's colour as a band along the note's foot.
      else context.fillRect(at.x, at.y + height - BADGE_BAND, NOTE_WIDTH, BADGE_BAND);
    }
  };
  return <Shape sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />;
}
