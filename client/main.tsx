// Entry point: mounts the app and brings in the one stylesheet.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { askRoleEarly } from './state/accessRequests.ts';
import { fetchBoardCopyEarly } from './state/boardCopy.ts';
import { boardSecret } from './state/boardKeys.ts';
import { parseRoute } from './state/route.ts';
import './styles.css';

// A board's address: ask the server about it before the board's code has loaded, so the
// board is loading on the server while this page loads (accessRequests.ts) — or fetch the
// copy the relay kept of a big board, drawn before the relay has loaded it (boardCopy.ts).
const route = parseRoute(location.pathname);
const secret = route.page === 'board' ? boardSecret(route.boardId) : null;
if (route.page === 'board' && secret) askRoleEarly(route.boardId, secret, fetchBoardCopyEarly(route.boardId, secret));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element to mount Beliefmap into.');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The built app keeps itself in this browser (/sw.js, built by scripts/serviceWorkerPlugin.ts),
// so a board opened here before loads again with no network (docs/durability.md). Not under
// the Vite dev server, where there is no worker and a kept copy would hide code changes.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    // Without it the app still works online: the worker only adds offline reloads.
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => console.warn('Offline use is unavailable:', error));
  });
}
