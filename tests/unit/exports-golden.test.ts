// Each text export of a fixed board against its golden file. A deliberate change to a
// format is reviewed by regenerating them: UPDATE_GOLDEN=1 npm run test:unit, then read
// the diff of tests/fixtures/export-board.*.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionsCsv, groupsCsv, positionsCsv, summaryCsv } from '../../shared/exports/csvExports.ts';
import { markdownSummary } from '../../shared/exports/markdown.ts';
import { snapshotJson } from '../../shared/snapshot/format.ts';
import { snapshotFromDoc } from '../../shared/snapshot/fromDoc.ts';
import { buildExportBoard, buildRetroBoard, EXPORT_BOARD_EXPORTED_AT, RETRO_DISCUSSION_AT } from '../helpers/exportBoard.ts';

const FIXTURES = path.resolve('tests/fixtures');

function expectGolden(name: string, actual: string): void {
  const file = path.join(FIXTURES, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  if (!existsSync(file)) throw new Error(`${file} is missing; create it with UPDATE_GOLDEN=1 and review it.`);
  expect(actual, `${name} differs from its golden file`).toBe(readFileSync(file, 'utf8'));
}

const snapshot = snapshotFromDoc(buildExportBoard(), { now: EXPORT_BOARD_EXPORTED_AT });

describe('exports of a fixed board', () => {
  it('Markdown summary', () => expectGolden('export-board.md', markdownSummary(snapshot)));
  it('positions CSV', () => expectGolden('export-board.positions.csv', positionsCsv(snapshot)));
  it('summary CSV', () => expectGolden('export-board.summary.csv', summaryCsv(snapshot)));
  it('groups CSV', () => expectGolden('export-board.groups.csv', groupsCsv(snapshot)));
  it('JSON snapshot', () => expectGolden('export-board.json', snapshotJson(snapshot)));
});

describe('the retro document of the same board with a discussion and actions', () => {
  const retro = snapshotFromDoc(buildRetroBoard(), { now: EXPORT_BOARD_EXPORTED_AT });
  it('Markdown with what changed since the discussion began', () =>
    expectGolden('export-board.retro.md', markdownSummary(retro, { since: RETRO_DISCUSSION_AT })));
  it('actions CSV', () => expectGolden('export-board.actions.csv', actionsCsv(retro)));
  it('JSON snapshot', () => expectGolden('export-board.retro.json', snapshotJson(retro)));
});
