// What the board's history costs (docs/history.md): a seeded workshop of PEOPLE writers
// makes BATCHES stored batches on a board the way the relay's document makes them (garbage
// collection on, one update per batch); for each the store works out its moment. Reported:
// the moment's cost on the write path, the bytes moments add beside the log (against the
// compacted log and the board's collected state), and in the browser's place the time to
// build the history from the log, name every moment's events and rebuild the board at a
// moment. Run: npx tsx tests/bench/history.bench.ts [seed]   (or npm run bench -- history)
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { BoardHistory } from '../../shared/history/boardHistory.ts';
import { timelineEvents } from '../../shared/history/momentEvents.ts';
import { addBelief, createBoard, deleteBeliefs, listBeliefs, moveBeliefs, restoreBeliefs, setBeliefText, setPosition } from '../../shared/model.ts';
import { SCALE } from '../../shared/schema.ts';
import { momentOfBatch } from '../../server/store/moments.ts';
import { percentile, printMachine, printTable, writeResults } from './report.ts';

const seed = Number(process.argv[2] ?? 1);
const SIZES = [
  { name: 'workshop', people: 20, batches: 3_000, beliefs: 40 },
  { name: 'async, big', people: 60, batches: 20_000, beliefs: 300 },
];

function time<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

function simulate(size: (typeof SIZES)[number], gen: prng.PRNG) {
  const room = new Y.Doc();
  const updates: Uint8Array[] = [];
  room.on('update', (update: Uint8Array) => updates.push(update));
  createBoard(room, { title: 'Bench', template: 'belief-map' });
  // Each person writes under Yjs client ids of their own, a new one per visit, as browsers do.
  const clientIds = Array.from({ length: size.people }, () => prng.uint32(gen, 1, 2 ** 31));
  const people = clientIds.map((_, i) => `p${i}`);
  const momentMicros: number[] = [];
  let momentBytes = 0;
  let updateBytes = 0;
  const moments: { seq: number; at: number; change: Uint8Array }[] = [];
  for (let batch = 0; batch < size.batches; batch++) {
    const who = prng.int32(gen, 0, size.people - 1);
    if (prng.int32(gen, 0, 99) < 2) clientIds[who] = prng.uint32(gen, 1, 2 ** 31);
    room.clientID = clientIds[who];
    const me = people[who];
    const live = listBeliefs(room);
    const roll = prng.int32(gen, 0, 99);
    const target = live.length > 0 ? prng.oneOf(gen, live) : null;
    if (!target || (roll < 8 && live.length < size.beliefs)) {
      addBelief(room, { text: prng.word(gen, 10, 60), x: prng.int32(gen, -900, 900), y: prng.int32(gen, -900, 900), authorId: me }, me);
    } else if (roll < 45) {
      // Typing: a few letters added at the end or cut, as a keystroke batch.
      const next = prng.bool(gen) ? `${target.text}${prng.word(gen, 1, 4)}` : target.text.slice(0, Math.max(0, target.text.length - 3));
      setBeliefText(room, target.id, next, me);
    } else if (roll < 65) {
      moveBeliefs(room, [{ id: target.id, x: target.x + prng.int32(gen, -50, 50), y: target.y + prng.int32(gen, -50, 50) }], me);
    } else if (roll < 95) {
      setPosition(room, target.id, me, { agreement: prng.oneOf(gen, [...SCALE]), direction: prng.oneOf(gen, [...SCALE]) }, me);
    } else if (roll < 98) {
      deleteBeliefs(room, [target.id], me, me);
    } else {
      const deleted = listBeliefs(room).length < live.length ? [] : [target.id];
      restoreBeliefs(room, deleted, me);
    }
    const update = updates.at(-1)!;
    updateBytes += update.byteLength;
    const started = performance.now();
    const moment = momentOfBatch(update)!;
    momentMicros.push((performance.now() - started) * 1000);
    momentBytes += moment.byteLength;
    moments.push({ seq: batch, at: 1_765_000_000_000 + batch * 1_000, change: moment });
  }
  return { room, updates, momentMicros, momentBytes, updateBytes, moments };
}

printMachine();
const rows = [];
for (const size of SIZES) {
  const gen = prng.create(seed);
  const { room, updates, momentMicros, momentBytes, updateBytes, moments } = simulate(size, gen);
  const compacted = Y.mergeUpdates(updates);
  const collected = Y.encodeStateAsUpdate(room);
  const sorted = [...momentMicros].sort((a, b) => a - b);

  const history = new BoardHistory();
  const built = time(() => {
    history.addMoments(moments);
    history.addLog(compacted);
  });
  const events = time(() => timelineEvents(history.doc, history.moments));
  const snapshot = time(() => history.snapshotAt(Math.floor(moments.length / 2)));
  const middle = time(() => history.docAt(Math.floor(moments.length / 2)));
  const last = time(() => history.docAt(moments.length - 1));
  const same = JSON.stringify(listBeliefs(last.value)) === JSON.stringify(listBeliefs(room));
  if (!same) throw new Error('The history rebuilt at the last moment is not the board.');
  rows.push({
    board: size.name,
    people: size.people,
    batches: size.batches,
    'moment p50 µs': percentile(sorted, 50),
    'moment p99 µs': percentile(sorted, 99),
    'moments KB': momentBytes / 1024,
    'B/moment': momentBytes / size.batches,
    'updates KB': updateBytes / 1024,
    'compacted log KB': compacted.byteLength / 1024,
    'collected state KB': collected.byteLength / 1024,
    'build ms': built.ms,
    'events ms': events.ms,
    'snapshot at middle ms': snapshot.ms,
    'doc at middle ms': middle.ms,
    'doc at last ms': last.ms,
  });
}
printTable(`history (seed ${seed})`, rows);
writeResults('history', { seed, rows });
