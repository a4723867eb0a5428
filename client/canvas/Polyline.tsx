// Straight segments through `points` (x0, y0, x1, y1, …), open or closed: the matrix's axes
// and a colleague's pointer. Konva's Line draws these too, and bezier curves and tension
// with them; its module and the curve maths it brings were ≈ 1.4 KB gzip of the board page
// for two axes and a pointer (docs/performance.md, bundle). Konva's Shape does the rest as
// it does for Line: fill, stroke, strokeScaleEnabled, dash, and hit testing from the same path.
import type { ComponentProps } from 'react';
import type Konva from 'konva';
import { Shape } from 'react-konva';

type PolylineProps = Omit<ComponentProps<typeof Shape>, 'sceneFunc'> & {
  points: readonly number[];
  /** Joins the last point to the first and fills the outline, as Line's `closed` does. */
  closed?: boolean;
};

export function Polyline({ points, closed = false, ...style }: PolylineProps) {
  const draw = (context: Konva.Context, shape: Konva.Shape) => {
    context.beginPath();
    context.moveTo(points[0], points[1]);
    for (let i = 2; i + 1 < points.length; i += 2) context.lineTo(points[i], points[i + 1]);
    if (closed) {
      context.closePath();
      context.fillStrokeShape(shape);
    } else {
      context.strokeShape(shape);
    }
  };
  return <Shape {...style} sceneFunc={draw} />;
}
