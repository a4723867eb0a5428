// Runs the board's opinion groups: a Web Worker (opinionGroups.worker.ts) fed the board's
// answers a moment after positions stop changing, one request at a time, its answers
// handed to `onReply`. Loaded on demand by opinionGroups.ts, so none of this — nor the
// worker — is in the board page's first download.
import { beliefIds, listPositions } from '../../shared/model.ts';
import type { GroupsReply, GroupsRequest } from './opinionGroups.worker.ts';
import type { BoardSession } from './session.ts';

/** Positions often come in bursts (a reveal, someone tabbing down the list): wait for a pause. */
const RECOMPUTE_AFTER_MS = 300;

/** Starts the worker for `session`; the returned function stops it. */
export function runOpinionGroups(session: BoardSession, onReply: (reply: GroupsReply) => void): () => void {
  const worker = new Worker(new URL('./opinionGroups.worker.ts', import.meta.url), { type: 'module', name: 'opinion groups' });
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight = false;
  let again = false;

  /** One request at a time: answers that come in meanwhile go in the next one. */
  const send = () => {
    if (inFlight) {
      again = true;
      return;
    }
    again = false;
    inFlight = true;
    const { doc } = session;
    const request: GroupsRequest = {
      beliefIds: beliefIds(doc),
      answers: listPositions(doc).map(({ beliefId, participantId, agreement }) => ({ beliefId, participantId, agreement })),
    };
    worker.postMessage(request);
  };
  worker.onmessage = (event: MessageEvent<GroupsReply>) => {
    inFlight = false;
    onReply(event.data);
    if (again) send();
  };
  const stopListening = session.stats.subscribeAny(() => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      send();
    }, RECOMPUTE_AFTER_MS);
  });
  send();
  return () => {
    stopListening();
    if (timer !== null) clearTimeout(timer);
    worker.terminate();
  };
}
