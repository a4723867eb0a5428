// Builds the bench page (index.html, benchMain.tsx): the product's app with the canvas
// benchmark's hook and naive baseline, which the production build leaves out. Built by
// the benchmarks into a temp dir (tests/bench/benchBoard.ts), never into dist/:
//   npx vite build --config tests/bench/pages/vite.config.ts --outDir <dir>
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { konvaAliases } from '../../../scripts/konvaAliases.ts';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: { alias: konvaAliases },
  build: {
    emptyOutDir: true,
    // As the product's build (vite.config.ts): lib0's schema constructors are pure.
    rolldownOptions: { treeshake: { manualPureFunctions: ['$'] } },
  },
});
