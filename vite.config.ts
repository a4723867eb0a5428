import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compressPlugin } from './scripts/compressPlugin.ts';
import { konvaAliases } from './scripts/konvaAliases.ts';
import { pageChunksPlugin } from './scripts/pageChunksPlugin.ts';
import { pagePreloadPlugin } from './scripts/pagePreloadPlugin.ts';
import { serviceWorkerPlugin } from './scripts/serviceWorkerPlugin.ts';
import { BOARD_HTML } from './server/http/staticFiles.ts';

// The relay the dev server proxies to; `npm run dev` starts it on this port.
const relayPort = Number(process.env.RELAY_PORT ?? 8787);

export default defineConfig({
  root: 'client',
  // serviceWorkerPlugin: /sw.js, which keeps the app for offline reloads (docs/durability.md).
  // pageChunksPlugin: one chunk per page (the pages App.tsx loads lazily; docs/performance.md).
  // pagePreloadPlugin: board.html, index.html with the board page's chunks preloaded.
  // compressPlugin: gzip and brotli copies beside the built files, for the relay to send.
  plugins: [
    react(),
    serviceWorkerPlugin(),
    pageChunksPlugin(['client/home/HomePage.tsx', 'client/pages/BoardPage.tsx']),
    pagePreloadPlugin('client/pages/BoardPage.tsx', BOARD_HTML),
    compressPlugin(),
  ],
  resolve: { alias: konvaAliases },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      treeshake: {
        // lib0 (under Yjs) names its schema module `$`, whose constructors are pure; marked so,
        // the schemas lib0/dom.js builds at load and never uses are dropped, and with them the
        // whole schema module (≈ 2 KB gzip). No other module in the build calls a `$`.
        manualPureFunctions: ['$'],
      },
    },
  },
  server: {
    port: Number(process.env.PORT ?? 5173),
    proxy: {
      '/ws': { target: `ws://127.0.0.1:${relayPort}`, ws: true },
      '/api': { target: `http://127.0.0.1:${relayPort}` },
      '/healthz': { target: `http://127.0.0.1:${relayPort}` },
    },
  },
});
