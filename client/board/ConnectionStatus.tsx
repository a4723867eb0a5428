// Says honestly whether my changes are stored, and what happens to them when they
// cannot be.
import { useConnectionStatus } from '../state/hooks.ts';
import type { ConnectionStatus as Status } from '../state/session.ts';
import { useEditor } from '../editor/EditorContext.tsx';

export function describeStatus(status: Status): string {
  switch (status.phase) {
    case 'connecting':
      return 'Connecting…';
    case 'live':
      // Only what the relay confirmed as stored counts as saved (client/state/saveTracker.ts).
      return status.unsavedChanges === 0 ? 'All changes saved' : 'Saving…';
    case 'reconnecting':
      return `${keptOffline(status.unsavedThings)}; reconnecting…`;
    case 'offline':
      return keptOffline(status.unsavedThings);
    case 'refused':
      return status.reason ?? 'The relay refused this board.';
    case 'reloading':
      return status.reason ?? 'Reloading the board…';
  }
}

/** Counts notes, positions and settings changed, not keystrokes; with none, it says so instead of "0 changes kept". */
function keptOffline(n: number): string {
  if (n === 0) return 'Offline — nothing unsaved; changes you make are kept on this device';
  return `Offline — ${n} ${n === 1 ? 'change' : 'changes'} kept on this device`;
}

export function ConnectionStatus() {
  const { session } = useEditor();
  const status = useConnectionStatus(session);
  return (
    <p role="status" className="connection" data-phase={status.phase}>
      <span className="connection__dot" aria-hidden="true" />
      {describeStatus(status)}
    </p>
  );
}
