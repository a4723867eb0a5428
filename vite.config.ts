import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { serviceWorkerPlugin } from './scripts/serviceWorkerPlugin.ts';

// The relay the dev server proxies to; `npm run dev` starts it on this port.
const relayPort = Number(process.env.RELAY_PORT ?? 8787);

export default defineConfig({
  root: 'client',
  // serviceWorkerPlugin: /sw.js, which keeps the app for offline reloads (docs/durability.md).
  plugins: [react(), serviceWorkerPlugin()],
  resolve: {
    // Only the Konva shapes we draw, not all of Konva (client/canvas/konvaShapes.ts).
    alias: [{ find: /^react-konva$/, replacement: fileURLToPath(new URL('client/canvas/konvaShapes.ts', import.meta.url)) }],
  },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    sourcemap: true,
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
