// The Konva stage of the board canvas, split in layers by how often they change
// (Excalidraw's Renderer, Konva's guidance):
//   backdrop     the Belief map matrix; static               (Backdrop.tsx)
//   notes        resting notes, culled, cached as bitmaps    (NotesLayers.tsx)
//   dragging     the notes I am dragging                     (NotesLayers.tsx)
//   (the page's) e.g. the workshop's arrows and dots        (client/workshop/WorkshopLayer.tsx)
//   interaction  selections, marquee, colleagues' cursors    (InteractionLayer.tsx)
// The stage follows the camera by CSS and draws a view a little larger than the screen
// (useStageFollowsViewport.ts, drawnView.ts); the layers cull and scale by that drawn view.
// None listens for events: input is handled in usePointerGestures.ts. A layer with
// nothing to draw is hidden, so the browser does not composite an empty canvas.
import { Stage } from 'react-konva';
import { useEditor } from '../editor/EditorContext.tsx';
import { Backdrop } from './Backdrop.tsx';
import type { StageProps } from './canvasExtension.ts';
import { OVERSCAN_PX } from './drawnView.ts';
import { InteractionLayer } from './InteractionLayer.tsx';
import { NotesLayers } from './NotesLayers.tsx';
import { useStageFollowsViewport } from './useStageFollowsViewport.ts';

export function BoardStage({ stageRef, containerRef, drawn, canvas, layers }: StageProps) {
  const { viewport } = useEditor();
  useStageFollowsViewport(viewport, drawn, stageRef, containerRef);
  return (
    <Stage ref={stageRef} listening={false}>
      <Backdrop />
      <NotesLayers viewport={drawn} overscan={OVERSCAN_PX} canvas={canvas} />
      {layers?.(drawn)}
      <InteractionLayer viewport={drawn} canvas={canvas} />
    </Stage>
  );
}
