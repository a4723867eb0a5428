// Only the Konva shapes we draw, not all of Konva (client/canvas/konvaShapes.ts), and
// Konva's core without Tween and Animation (client/canvas/konvaCore.ts). Shared by the
// product's build (vite.config.ts) and the bench page's (tests/bench/pages/vite.config.ts),
// so the benchmark draws with the Konva the product ships.
import { fileURLToPath } from 'node:url';
import type { Alias } from 'vite';

export const konvaAliases: Alias[] = [
  { find: /^react-konva$/, replacement: fileURLToPath(new URL('../client/canvas/konvaShapes.ts', import.meta.url)) },
  { find: /^konva\/lib\/Core(\.js)?$/, replacement: fileURLToPath(new URL('../client/canvas/konvaCore.ts', import.meta.url)) },
];
