// The naive baseline's stage (`?naive`): re-rendered by React at the camera's view on
// every change, listening for events, with the naive notes (NaiveNotes.tsx) instead of the
// product's culled, cached layers. It stands in for client/canvas/BoardStage.tsx through
// the canvas's extension point (client/canvas/canvasExtension.ts), and keeps the
// container's data-viewport as the product's stage does.
import { useLayoutEffect } from 'react';
import { Stage } from 'react-konva';
import { Backdrop } from '../../../client/canvas/Backdrop.tsx';
import type { StageProps } from '../../../client/canvas/canvasExtension.ts';
import { InteractionLayer } from '../../../client/canvas/InteractionLayer.tsx';
import { useEditor } from '../../../client/editor/EditorContext.tsx';
import { useValue } from '../../../client/state/hooks.ts';
import { NaiveNotes } from './NaiveNotes.tsx';

export function NaiveStage({ stageRef, containerRef, canvas, layers }: StageProps) {
  const { viewport } = useEditor();
  const v = useValue(viewport);
  useLayoutEffect(() => {
    const container = containerRef.current;
    if (container) container.dataset.viewport = JSON.stringify({ x: v.x, y: v.y, scale: v.scale });
  }, [containerRef, v]);
  return (
    <Stage ref={stageRef} listening width={v.width} height={v.height} x={-v.x * v.scale} y={-v.y * v.scale} scaleX={v.scale} scaleY={v.scale}>
      <Backdrop />
      <NaiveNotes />
      {layers?.(viewport)}
      <InteractionLayer viewport={viewport} canvas={canvas} />
    </Stage>
  );
}
