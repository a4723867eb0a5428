// What react-konva's `konva/lib/Core.js` resolves to in the client build (the alias in
// vite.config.ts): Konva's own core (konva/lib/_CoreInternals.js) without Animation and
// Tween. The core module imports both only to hang them on the Konva namespace, and
// nothing on the board animates through Konva (glides and the camera run on
// requestAnimationFrame), yet they were ≈ 2.5 KB gzip of the board page. Anything that
// needs `Konva.Tween` or `node.to()` must import konva/lib/Tween itself.
// Konva's core also hangs `beginUpdateBatch` (a private static of Node) on the
// namespace; it only batches Transformer refreshes, the board has no Transformer, and
// react-konva calls it only if present, so it is left out rather than reached for.
import { Konva as Global } from 'konva/lib/Global';
import { Util, Transform } from 'konva/lib/Util';
import { Node } from 'konva/lib/Node';
import { Container } from 'konva/lib/Container';
import { Stage, stages } from 'konva/lib/Stage';
import { Layer } from 'konva/lib/Layer';
import { FastLayer } from 'konva/lib/FastLayer';
import { Group } from 'konva/lib/Group';
import { DD } from 'konva/lib/DragAndDrop';
import { Shape, shapes } from 'konva/lib/Shape';
import { Context } from 'konva/lib/Context';
import { Canvas } from 'konva/lib/Canvas';

export const Konva = Object.assign(Global, {
  Util,
  Transform,
  Node,
  Container,
  Stage,
  stages,
  Layer,
  FastLayer,
  Group,
  DD,
  Shape,
  shapes,
  Context,
  Canvas,
});
export default Konva;
