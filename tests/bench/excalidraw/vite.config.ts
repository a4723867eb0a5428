// Builds Excalidraw's bench page (main.tsx) for tests/bench/excalidraw.bench.ts — never part
// of the product build: the product's vite.config.ts has client/ as its root and knows
// nothing of this folder. Run by the bench: vite build --config tests/bench/excalidraw/vite.config.ts
// --outDir <temp dir>. A production build, as a team would ship Excalidraw (its package's
// "production" export condition, React's production build).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: { emptyOutDir: true, sourcemap: false },
  logLevel: 'warn',
});
