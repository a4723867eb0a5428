// Says honestly whether my changes are reaching the others, and what happens to them
// when they are not.
import { useConnectionStatus } from '../state/hooks.ts';
import type { BoardSession, ConnectionStatus as Status } from '../state/session.ts';

export function describeStatus(status: Status): string {
  switch (status.phase) {
    case 'connecting':
      return 'Connecting…';
    case 'live':
      return 'Live';
    case 'reconnecting':
      return 'Reconnecting — changes kept in this tab, will sync';
    case 'offline': {
      const n = status.unsentChanges;
      return `Offline — ${n} ${n === 1 ? 'change' : 'changes'} kept in this tab, will sync`;
    }
    case 'refused':
      return status.reason ?? 'The relay refused this board.';
  }
}

export function ConnectionStatus({ session }: { session: BoardSession }) {
  const status = useConnectionStatus(session);
  return (
    <p role="status" className="connection" data-phase={status.phase}>
      <span className="connection__dot" aria-hidden="true" />
      {describeStatus(status)}
    </p>
  );
}
