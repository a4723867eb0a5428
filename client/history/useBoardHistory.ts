// The board's history, loaded in the background when the History view opens: moments
// first, then the stored log a page at a time (state/historyLoader.ts); each part is
// applied as it arrives, between renders. Once all is here, each moment gets its line
// for the timeline (shared/history/momentEvents.ts).
import { useEffect, useState } from 'react';
import { BoardHistory } from '../../shared/history/boardHistory.ts';
import { describeEvents, timelineEvents, type MomentEvent } from '../../shared/history/momentEvents.ts';
import { readBelief, readParticipants } from '../../shared/model.ts';
import { boardSecret } from '../state/boardKeys.ts';
import { loadHistory } from '../state/historyLoader.ts';

export interface LoadedHistory {
  history: BoardHistory;
  events: MomentEvent[][];
  /** One line per moment: what happened then. */
  lines: string[];
}

export type HistoryLoad =
  | { phase: 'loading'; moments: number; logBytes: number }
  | { phase: 'failed'; reason: string }
  | ({ phase: 'ready' } & LoadedHistory);

/** Loads again whenever `generation` changes (the view's "Load newer changes"). */
export function useBoardHistory(boardId: string, generation = 0): HistoryLoad {
  const [load, setLoad] = useState<HistoryLoad>({ phase: 'loading', moments: 0, logBytes: 0 });
  useEffect(() => {
    setLoad({ phase: 'loading', moments: 0, logBytes: 0 });
    const history = new BoardHistory();
    const controller = new AbortController();
    const secret = boardSecret(boardId);
    if (!secret) {
      setLoad({ phase: 'failed', reason: 'This browser has no link for this board, so it cannot ask for its history.' });
      return;
    }
    const started = performance.now();
    loadHistory({ origin: '', boardId, secret }, history, (progress) => setLoad({ phase: 'loading', ...progress }), { signal: controller.signal })
      .then(() => {
        const events = timelineEvents(history.doc, history.moments);
        const textOf = (id: string) => readBelief(history.doc, id)?.text ?? '';
        const people = readParticipants(history.doc);
        const nameOf = (id: string) => people.get(id)?.name || 'Someone';
        const lines = events.map((each) => describeEvents(each, textOf, nameOf));
        performance.measure('history-loaded', { start: started });
        setLoad({ phase: 'ready', history, events, lines });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setLoad({ phase: 'failed', reason: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      controller.abort();
      history.doc.destroy();
    };
  }, [boardId, generation]);
  return load;
}
