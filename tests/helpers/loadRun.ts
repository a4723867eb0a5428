// A crowd of real providers on real boards: each person edits at a human pace, moves a
// cursor at a fixed rate (awareness), and tracks which of their changes are stored. Used
// by the short load test in `npm test` and the long one in `npm run bench`.
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { addBelief, listBeliefs, moveBeliefs, setBeliefText } from '../../shared/model.ts';
import { SaveTracker } from '../../client/state/saveTracker.ts';
import { boardContent } from './boardContent.ts';
import { connectProvider, waitFor, waitSynced, type ConnectedProvider } from './relay.ts';

export interface LoadPlan {
  wsUrl: string;
  boards: { id: string; secret: string; people: number }[];
  durationMs: number;
  awarenessHz: number;
  /** Gap between one person's edits, drawn uniformly from this range. */
  editGapMs: readonly [number, number];
  seed: number;
}

export interface LoadResult {
  people: number;
  edits: number;
  confirmed: number;
  awarenessUpdates: number;
  /** Connections that closed while the run went on: should be none. */
  dropped: number;
  /** Why they closed: close code → count. */
  closeCodes: Record<number, number>;
  /** Boards whose replicas all hold the same content at the end. */
  equalBoards: number;
  /** From the last edit until every change was confirmed and every replica equal. */
  settleMs: number;
}

interface LoadPerson {
  connected: ConnectedProvider;
  tracker: SaveTracker;
  origin: object;
  boardIndex: number;
}

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const gen = prng.create(plan.seed);
  const people: LoadPerson[] = [];
  let dropped = 0;
  /** Close code → how many, for a run that drops someone. */
  const closeCodes = new Map<number, number>();
  let running = true;
  let edits = 0;
  let awarenessUpdates = 0;
  const timers = new Set<NodeJS.Timeout>();

  try {
    for (const [boardIndex, board] of plan.boards.entries()) {
      for (let i = 0; i < board.people; i++) {
        const connected = connectProvider(plan.wsUrl, board.id, {
          secret: board.secret,
          as: `person-${people.length}`,
          asBrowser: { random: () => prng.real53(gen) },
        });
        const origin = { person: people.length };
        const tracker = new SaveTracker(connected.provider, connected.doc, (o) => o === origin);
        connected.provider.on('connection-close', (event: CloseEvent | null) => {
          if (!running) return;
          dropped++;
          closeCodes.set(event?.code ?? 0, (closeCodes.get(event?.code ?? 0) ?? 0) + 1);
        });
        people.push({ connected, tracker, origin, boardIndex });
      }
    }
    await Promise.all(people.map(({ connected }) => waitSynced(connected.provider, 30_000)));

    const cursorGapMs = 1000 / plan.awarenessHz;
    for (const person of people) {
      const { doc, provider } = person.connected;
      // The participant id this person proved, which the relay expects as their beliefs' author.
      const name = `person-${people.indexOf(person)}`;
      provider.awareness.setLocalState({ user: { name }, cursor: { x: 0, y: 0 } });
      const cursor = setInterval(() => {
        provider.awareness.setLocalState({ user: { name }, cursor: { x: prng.int32(gen, 0, 2000), y: prng.int32(gen, 0, 2000) } });
        awarenessUpdates++;
      }, cursorGapMs);
      timers.add(cursor);
      const edit = () => {
        if (!running) return;
        editOnce(doc, gen, person.origin, name);
        edits++;
        const next = setTimeout(edit, prng.int32(gen, plan.editGapMs[0], plan.editGapMs[1]));
        timers.add(next);
      };
      timers.add(setTimeout(edit, prng.int32(gen, 0, plan.editGapMs[1])));
    }
    await new Promise((resolve) => setTimeout(resolve, plan.durationMs));
    running = false;
    for (const timer of timers) clearTimeout(timer);

    const stoppedAt = Date.now();
    await waitFor(() => people.every(({ tracker }) => tracker.unconfirmed === 0), 60_000, 'every change to be confirmed');
    const equalBoards = await waitForEqualReplicas(people, plan.boards.length);
    return {
      people: people.length,
      edits,
      confirmed: people.reduce((sum, { tracker }) => sum + tracker.confirmedCount, 0),
      awarenessUpdates,
      dropped,
      closeCodes: Object.fromEntries(closeCodes),
      equalBoards,
      settleMs: Date.now() - stoppedAt,
    };
  } finally {
    running = false;
    for (const timer of timers) clearTimeout(timer);
    for (const { tracker, connected } of people) {
      tracker.destroy();
      connected.destroy();
    }
  }
}

function editOnce(doc: Y.Doc, gen: prng.PRNG, origin: object, name: string): void {
  const beliefs = listBeliefs(doc);
  const roll = prng.int32(gen, 0, 9);
  if (beliefs.length < 5 || roll < 3) {
    addBelief(doc, { text: `${name}: ${prng.word(gen, 3, 12)}`, x: prng.int32(gen, 0, 2000), y: prng.int32(gen, 0, 2000), authorId: name }, origin);
  } else if (roll < 7) {
    const target = prng.oneOf(gen, beliefs);
    setBeliefText(doc, target.id, `${target.text} ${prng.word(gen, 1, 8)}`.slice(0, 400), origin);
  } else {
    const target = prng.oneOf(gen, beliefs);
    moveBeliefs(doc, [{ id: target.id, x: target.x + prng.int32(gen, -50, 50), y: target.y + prng.int32(gen, -50, 50) }], origin);
  }
}

/** Waits until every board's replicas hold the same content; returns how many boards do. */
async function waitForEqualReplicas(people: LoadPerson[], boards: number): Promise<number> {
  const equalBoards = () => {
    let equal = 0;
    for (let board = 0; board < boards; board++) {
      const replicas = people.filter((person) => person.boardIndex === board).map(({ connected }) => JSON.stringify(boardContent(connected.doc)));
      if (replicas.every((replica) => replica === replicas[0])) equal++;
    }
    return equal;
  };
  await waitFor(() => equalBoards() === boards, 60_000, 'every replica to be equal').catch(() => {});
  return equalBoards();
}
