// What `react-konva` resolves to in the client build (the alias in vite.config.ts).
// react-konva's own entry imports the whole of Konva: every shape, every filter and the
// Transformer, about 70 KB of minified code the board never draws (≈ 20 KB gzip of the
// board page). This is its core plus only the shapes the canvas and the PNG export use.
// A new shape type must be registered here (or, for a part loaded on demand, in that part's
// own module), or react-konva reports it as unknown.
// Circle: the "since your last visit" dots. Arrow (a Line) is registered by
// client/workshop/MovementArrows.tsx. Not Line or Label: Polyline.tsx and InteractionLayer's
// name tag draw what they drew, for less code.
import 'konva/lib/shapes/Circle';
import 'konva/lib/shapes/Rect';
import 'konva/lib/shapes/Text';

export * from 'react-konva/lib/ReactKonvaCore';
