// Exports of boards a hostile participant wrote into, past the model: every export of any
// document succeeds, its JSON snapshot is one the importer accepts, and importing it gives
// a board whose exports are the same files (also once that board has been stored, which
// turns half surrogate pairs into U+FFFD). Seeded: the seed is printed, SEED=<n> reruns it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { TEXT_EXPORTS, type TextExportId } from '../../shared/exports/textFormats.ts';
import { MAX_BELIEF_TEXT, MAX_BOARD_TITLE, MAX_DISPLAY_NAME } from '../../shared/limits.ts';
import { snapshotFromDoc } from '../../shared/snapshot/fromDoc.ts';
import { parseSnapshot } from '../../shared/snapshot/parse.ts';
import { docFromSnapshot } from '../../shared/snapshot/toDoc.ts';
import { BIDI_CONTROLS } from '../helpers/hostileText.ts';
import { buildPoisonedBoard, HEALTHY_BELIEFS, poisonedDoc, poisonPlan, storedCopy } from '../helpers/poisonedBoard.ts';
import { formulaCells } from '../helpers/spreadsheetCells.ts';

const NOW = Date.UTC(2026, 2, 14, 12);
const SEED = Number(process.env.SEED ?? Date.now() % 2 ** 31);

type Exports = Record<TextExportId, string>;

function exportsOf(doc: Y.Doc): Exports {
  const snapshot = snapshotFromDoc(doc, { now: NOW });
  return Object.fromEntries(Object.entries(TEXT_EXPORTS).map(([id, format]) => [id, format.render(snapshot)])) as Exports;
}

/** The board the snapshot imports into, as the store gives it back. */
function reimported(json: string): Y.Doc {
  const parsed = parseSnapshot(JSON.parse(json));
  if (!parsed.ok) throw new Error(`The importer refused the export: ${parsed.error}`);
  return storedCopy(docFromSnapshot(parsed.snapshot));
}

/** Every export succeeds, the snapshot re-imports, and the copy exports the same files. */
function expectSafeExports(doc: Y.Doc): Exports {
  const files = exportsOf(doc);
  expect(exportsOf(reimported(files.json))).toEqual(files);
  for (const id of ['md', 'csv', 'summary-csv'] as const) expect(files[id]).not.toMatch(BIDI_CONTROLS);
  for (const id of ['csv', 'summary-csv'] as const) {
    for (const separator of [',', ';', '\t']) expect(formulaCells(files[id], separator), `${id} split on ${JSON.stringify(separator)}`).toEqual([]);
  }
  return files;
}

describe('exports of a poisoned board', () => {
  it('the fixed board: every export, the healthy beliefs in each, poison repaired or left out', () => {
    const board = storedCopy(buildPoisonedBoard());
    const files = expectSafeExports(board);
    const snapshot = JSON.parse(files.json);
    expect(snapshot.title).toBe('T'.repeat(MAX_BOARD_TITLE));
    expect(snapshot.template).toBe('blank');
    expect(snapshot.createdAt).toBe(0);
    const ids = snapshot.beliefs.map((belief: { id: string }) => belief.id);
    for (const healthy of HEALTHY_BELIEFS) {
      expect(ids).toContain(healthy.id);
      expect(files.md).toContain(healthy.text.slice(0, 12));
      expect(files.csv).toContain(healthy.id);
      expect(files['summary-csv']).toContain(healthy.id);
    }
    // Not item ids, or not beliefs at all: left out.
    for (const gone of ['b:colon', 'b-not-a-map', 'b-null', 'b-array']) expect(ids).not.toContain(gone);
    const wrongTypes = snapshot.beliefs.find((belief: { id: string }) => belief.id === 'b-wrong-types');
    expect(wrongTypes).toEqual({ id: 'b-wrong-types', text: '', x: 0, y: 0, color: 'yellow', authorId: '', createdAt: 0 });
    const huge = snapshot.beliefs.find((belief: { id: string }) => belief.id === 'b-huge');
    expect(Array.from(huge.text as string)).toHaveLength(MAX_BELIEF_TEXT);
    expect(huge.createdAt).toBe(0);
    expect(snapshot.beliefs.find((belief: { id: string }) => belief.id === 'b-lone-surrogate').text).toBe('half a pair: \uFFFD');

    const people = Object.fromEntries(snapshot.participants.map((p: { id: string }) => [p.id, p]));
    expect(Object.keys(people)).not.toContain('x');
    expect(Object.keys(people)).not.toContain('p:colon');
    expect(people['p-number'].name).toBe('');
    expect(people['p-number'].color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(Array.from(people['p-huge'].name as string)).toHaveLength(MAX_DISPLAY_NAME);

    // Only well-formed positions on beliefs in the file, with times a Date can show.
    for (const position of snapshot.positions) {
      expect(ids).toContain(position.beliefId);
      expect(Math.abs(position.updatedAt)).toBeLessThanOrEqual(8.64e15);
    }
    expect(snapshot.positions.map((p: { beliefId: string; participantId: string }) => `${p.beliefId}:${p.participantId}`)).toContain('constructor:p-ana');
    // Round 3 keeps its first answer per person on the beliefs that exist; round 4 (on every
    // belief) lists the beliefs in the file; the other entries are no rounds.
    expect(snapshot.rounds.map((round: { number: number }) => round.number)).toEqual([3, 4]);
    expect(snapshot.rounds[0]).toEqual({
      number: 3,
      startedAt: 1,
      revealedAt: 2,
      beliefIds: ['b-healthy-1', 'constructor'],
      positions: [{ beliefId: 'b-healthy-1', participantId: 'p-ana', agreement: 2, direction: null, updatedAt: 1 }],
    });
    expect(snapshot.rounds[1].beliefIds).toEqual(ids);
    // Only Ana answered in round 3, so no belief has three people in both rounds: said once.
    expect(files.md).toContain('**Movement between rounds:** 0 beliefs of 2 asked in two rounds show one.');
    expect(files.md).not.toContain('movement: round');
  });

  it('a random poisoned board: every export succeeds and re-imports to the same files', () => {
    console.info(`poisoned exports: seed ${SEED} (rerun with SEED=${SEED})`);
    fc.assert(
      fc.property(poisonPlan, (plan) => {
        const doc = poisonedDoc(plan);
        expectSafeExports(doc);
        expectSafeExports(storedCopy(doc));
      }),
      { seed: SEED, numRuns: 120 },
    );
  });
});
