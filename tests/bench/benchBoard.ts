// Big boards for the browser benchmarks (coldload.bench.ts, canvas.bench.ts): the client —
// the product, or the bench page (pages/) — built into a temp dir, a real relay serving
// it, and boards whose content is built as a
// Y.Doc and written through the store class into the relay's data dir — a 60,000-position
// board is far over the relay's per-message and per-second limits, so no provider could
// write it in one go. The relay then serves it as it would any stored board.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { NOTE_COLORS } from '../../shared/colors.ts';
import { addBelief, setPosition, upsertParticipant } from '../../shared/model.ts';
import { SCALE, type ScalePoint } from '../../shared/schema.ts';
import { LeveldbStore } from '../../server/store/leveldbStore.ts';
import { connectProvider, startTestRelay, waitSynced, type TestRelay } from '../helpers/relay.ts';
import { seededRandom } from '../../shared/groups/kMeans.ts';

/** Where note texts come from when /work/shared is present; generated sentences otherwise. */
const SAMPLE_BELIEFS = path.resolve('..', 'shared/data/sample-beliefs.json');

/** Builds the client, as it ships, into a fresh temp dir (never dist/) and returns it. */
export async function buildClient(): Promise<string> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-bench-dist-'));
  execFileSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir'], { stdio: 'ignore' });
  return outDir;
}

/**
 * Builds the bench page (pages/: the product's app with the benchmark's hook and, with
 * `?naive`, the naive baseline) into a fresh temp dir and returns it.
 */
export async function buildBenchPage(): Promise<string> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-bench-page-'));
  execFileSync('npx', ['vite', 'build', '--config', 'tests/bench/pages/vite.config.ts', '--outDir', outDir, '--emptyOutDir'], { stdio: 'ignore' });
  return outDir;
}

/** A seeded generator (the groups' mulberry32), so a board can be built again exactly. */
export const seeded = seededRandom;

/**
 * For a bench page's init script: a person of their own for each browser context, known by
 * name (no name form), as each newcomer to a workshop is. One id shared by every context
 * would be refused as a second browser answering under it: view only, with a notice that
 * takes height from the canvas — not what a newcomer sees.
 */
export function newcomerIdentityScript(): string {
  const identity = { id: `bench-viewer-${randomUUID()}`, name: 'Bench viewer' };
  return `localStorage.setItem('beliefmap.identity.v1', ${JSON.stringify(JSON.stringify(identity))});`;
}

function noteTexts(random: () => number): string[] {
  if (existsSync(SAMPLE_BELIEFS)) {
    const parsed = JSON.parse(readFileSync(SAMPLE_BELIEFS, 'utf8')) as { beliefs?: unknown };
    const texts = Array.isArray(parsed.beliefs) ? parsed.beliefs.filter((t): t is string => typeof t === 'string') : [];
    if (texts.length > 0) return texts;
  }
  const subjects = ['Customers', 'Our team', 'Enterprise buyers', 'New hires', 'The roadmap', 'Support'];
  const verbs = ['value', 'need', 'ignore', 'pay for', 'struggle with', 'ask about'];
  const objects = ['faster releases', 'clear pricing', 'better onboarding', 'offline mode', 'fewer meetings', 'reliable sync'];
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  return Array.from({ length: 200 }, () => `${pick(subjects)} ${pick(verbs)} ${pick(objects)} more than we think.`);
}

export interface BoardSpec {
  beliefs: number;
  participants: number;
  seed: number;
}

/** Grid pitch of the notes, in board units: a dense workshop wall (notes are 200 wide). */
export const PITCH_X = 240;
export const PITCH_Y = 210;

export interface BuiltBoard {
  update: Uint8Array;
  /** The board's extent, for choosing viewports. */
  width: number;
  height: number;
  beliefIds: string[];
  /** Each belief's top-left corner, in the order of beliefIds. */
  corners: { x: number; y: number }[];
  /** Each belief's text and note fill (#rrggbb), in the order of beliefIds: for rivals' boards. */
  texts: string[];
  fills: string[];
  positions: number;
}

/**
 * Notes on a jittered grid about 16:10 wide, texts from the sample beliefs, every colour,
 * and every participant's position on every belief (so every note shows a distribution).
 */
export function buildBoard(spec: BoardSpec): BuiltBoard {
  const random = seeded(spec.seed);
  const texts = noteTexts(random);
  const doc = new Y.Doc();
  const origin = 'bench';
  const columns = Math.ceil(Math.sqrt(spec.beliefs * 1.6));
  const beliefIds: string[] = [];
  const corners: { x: number; y: number }[] = [];
  const boardTexts: string[] = [];
  const fills: string[] = [];
  const participants = Array.from({ length: spec.participants }, (_, i) => `bench-participant-${i}`);
  doc.transact(() => {
    for (const [i, id] of participants.entries()) upsertParticipant(doc, { id, name: `Person ${i + 1}`, color: '#1971c2' }, origin);
    for (let i = 0; i < spec.beliefs; i++) {
      const x = (i % columns) * PITCH_X + Math.round(random() * 20);
      const y = Math.floor(i / columns) * PITCH_Y + Math.round(random() * 20);
      corners.push({ x, y });
      const color = NOTE_COLORS[i % NOTE_COLORS.length];
      boardTexts.push(texts[i % texts.length]);
      fills.push(color.fill);
      beliefIds.push(
        addBelief(
          doc,
          { text: texts[i % texts.length], x, y, color: color.id, authorId: participants[i % participants.length] ?? origin },
          origin,
        ),
      );
    }
    // Each belief leans one way, so the figures differ from note to note.
    for (const beliefId of beliefIds) {
      const lean = Math.floor(random() * 5) - 2;
      for (const participantId of participants) {
        const agreement = Math.max(-2, Math.min(2, lean + Math.round((random() - 0.5) * 3))) as ScalePoint;
        setPosition(doc, beliefId, participantId, { agreement: random() < 0.05 ? 'pass' : agreement, direction: random() < 0.5 ? null : SCALE[Math.floor(random() * 5)] }, origin);
      }
    }
  }, origin);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return {
    update,
    width: columns * PITCH_X,
    height: Math.ceil(spec.beliefs / columns) * PITCH_Y,
    beliefIds,
    corners,
    texts: boardTexts,
    fills,
    positions: spec.beliefs * spec.participants,
  };
}

/**
 * A relay over a fresh data dir serving `staticDir`, with one empty board per title,
 * created through the HTTP API (so they have their links and secrets), then filled with
 * `updates` through the store while the relay is stopped, and compacted as the relay
 * would. Each board is then opened once through the relay and let go, as a board a team
 * has used has been: the relay keeps a big board's copy then (docs/architecture.md,
 * "Opening a big board from its copy"). Returns the relay, started again on the same port.
 */
export async function relayWithBoards(staticDir: string, updates: Uint8Array[]): Promise<{ relay: TestRelay; boardIds: string[] }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-bench-data-'));
  const relay = await startTestRelay({ dataDir, staticDir });
  const boardIds: string[] = [];
  for (let i = 0; i < updates.length; i++) boardIds.push(await relay.createBoard(`Bench board ${i + 1}`, 'blank'));
  await relay.server.close();
  const store = await LeveldbStore.open(dataDir);
  for (const [i, update] of updates.entries()) {
    await store.appendUpdate(boardIds[i], update);
    await store.compact(boardIds[i]);
  }
  await store.close();
  await relay.restart();
  for (const boardId of boardIds) {
    const opened = connectProvider(relay.wsUrl, boardId);
    await waitSynced(opened.provider, 60_000);
    opened.destroy();
  }
  // Stopping lets every board go at once.
  await relay.restart();
  return { relay, boardIds };
}

/** Space `dir` takes on disk (du -sk), in bytes. */
export function diskBytes(dir: string): number {
  return Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]) * 1024;
}

/**
 * Our bench page is ready to drive: its hook is installed, the board is drawn, and it is
 * live (its status says the relay has it). A page that drew the board from the relay's copy
 * connects after that first drawing, and the relay then loads the board — on this machine,
 * beside the page: frames measured before that are measured against the relay's load.
 */
export const OURS_READY_TO_DRIVE = `!!window.__beliefmapBench && performance.getEntriesByName('board-first-render').length > 0 && document.querySelector('p.connection[role="status"]')?.dataset.phase === 'live'`;
