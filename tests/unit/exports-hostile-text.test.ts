// Text a participant wrote to attack whoever opens the export: a formula hidden behind a
// ";" or a tab (for spreadsheets that split on them, as German and French Excel do), and
// direction overrides that make a note or a name display in another order than it has.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { positionsCsv, summaryCsv } from '../../shared/exports/csvExports.ts';
import { exportFileName } from '../../shared/exports/exportTime.ts';
import { markdownSummary } from '../../shared/exports/markdown.ts';
import { addBelief, createBoard, setPosition, upsertParticipant } from '../../shared/model.ts';
import { snapshotFromDoc } from '../../shared/snapshot/fromDoc.ts';
import { BIDI_CONTROLS, RLO, SEMICOLON_FORMULA, TAB_FORMULA } from '../helpers/hostileText.ts';
import { cellsAsSplitOn, formulaCells } from '../helpers/spreadsheetCells.ts';

const TAB_INSIDE = "x\t=cmd|' /C calc'!A0";
const BELIEFS = [
  { id: 'b-semicolon', text: SEMICOLON_FORMULA },
  { id: 'b-tab-led', text: TAB_FORMULA },
  { id: 'b-tab-inside', text: TAB_INSIDE },
  { id: 'b-line', text: "ok\n=cmd|' /C calc'!A0" },
  { id: 'b-override', text: `Read me: ${RLO}txt.exe and \u2066isolated\u2069` },
];
const PEOPLE = [
  { id: 'p-semicolon', name: SEMICOLON_FORMULA },
  { id: 'p-override', name: `Eve ${RLO}gnp.exe` },
  { id: 'p-tab', name: TAB_FORMULA },
];

function hostileBoard(): Y.Doc {
  const doc = new Y.Doc();
  createBoard(doc, { title: `Retro ${RLO}fdp.exe`, template: 'belief-map', createdAt: 0 });
  for (const person of PEOPLE) upsertParticipant(doc, { ...person, color: '#e03131' }, null);
  BELIEFS.forEach((belief, index) => {
    addBelief(doc, { ...belief, x: 0, y: 0, authorId: 'p-override', createdAt: index }, null);
    for (const person of PEOPLE) setPosition(doc, belief.id, person.id, { agreement: -2, direction: -1, updatedAt: 0 }, null);
  });
  return doc;
}

const snapshot = snapshotFromDoc(hostileBoard(), { now: 0 });
const csvFiles = { positions: positionsCsv(snapshot), summary: summaryCsv(snapshot) };

describe('CSV in any locale', () => {
  for (const [name, csv] of Object.entries(csvFiles)) {
    it(`${name}: no cell a spreadsheet splitting on ",", ";" or a tab would run`, () => {
      for (const separator of [',', ';', '\t']) expect(formulaCells(csv, separator), `split on ${JSON.stringify(separator)}`).toEqual([]);
    });

    it(`${name}: every text cell is quoted, and a reader splitting on "," gets the words back behind one apostrophe`, () => {
      expect(csv).toContain(`"x;'=cmd|' /C calc'!A0"`);
      expect(csv).toContain(`"'\t'=cmd|' /C calc'!A0"`);
      expect(csv).toContain(`"x\t'=cmd|' /C calc'!A0"`);
      const cells = cellsAsSplitOn(csv, ',');
      expect(cells).toContain("x;'=cmd|' /C calc'!A0");
      expect(cells).toContain("ok\n'=cmd|' /C calc'!A0");
    });
  }

  it('keeps figures as numbers a spreadsheet reads: unquoted, ASCII minus', () => {
    // agreement −2, direction −1 of p-override on b-override
    expect(csvFiles.positions).toMatch(/"p-override","Eve gnp\.exe",-2,-1,,/);
  });
});

describe('direction overrides', () => {
  const markdown = markdownSummary(snapshot);

  it('are dropped from both CSV files and the Markdown, in notes, names and the title', () => {
    for (const text of [csvFiles.positions, csvFiles.summary, markdown]) expect(text).not.toMatch(BIDI_CONTROLS);
    expect(markdown).toContain('# Retro fdp.exe');
    expect(markdown).toContain('Eve gnp.exe');
    expect(markdown).toContain('- Read me: txt.exe and isolated');
    expect(csvFiles.summary).toContain('"Read me: txt.exe and isolated"');
  });

  it('keep the marks that right-to-left writing needs (RLM, LRM, ALM)', () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Marks', createdAt: 0 });
    addBelief(doc, { id: 'b-rtl', text: 'שלום!\u200F and \u200Eok and \u061C', x: 0, y: 0, authorId: '', createdAt: 0 }, null);
    const text = summaryCsv(snapshotFromDoc(doc, { now: 0 }));
    expect(text).toContain('"שלום!\u200F and \u200Eok and \u061C"');
  });

  it('are dropped from file names, which would otherwise show "fdp.exe" for "exe.pdf"', () => {
    expect(exportFileName(`Retro ${RLO}fdp.exe`, 0, 'md')).toBe('Retro fdp.exe 1970-01-01.md');
    expect(exportFileName('Lone \uD800 half', 0, 'md')).toBe('Lone \uFFFD half 1970-01-01.md');
  });

  it('stay in the JSON snapshot, which must import unchanged', () => {
    expect(snapshot.beliefs.find((belief) => belief.id === 'b-override')?.text).toContain(RLO);
  });
});
