// What the golden files cannot show on their own: that no belief text can become Markdown
// structure, and that movement between rounds is reported.
import { describe, expect, it } from 'vitest';
import { markdownSummary, formatMovement } from '../../shared/exports/markdown.ts';
import { escapeMarkdownLine, markdownLines } from '../../shared/exports/markdownText.ts';
import { exportFileName } from '../../shared/exports/exportTime.ts';
import { csvFile, textCell } from '../../shared/exports/csvFormat.ts';
import { snapshotFromDoc } from '../../shared/snapshot/fromDoc.ts';
import type { BoardSnapshot, SnapshotPosition } from '../../shared/snapshot/format.ts';
import { buildExportBoard } from '../helpers/exportBoard.ts';

describe('belief text in Markdown', () => {
  it.each([
    ['# heading', '\\# heading'],
    ['## two', '\\#\\# two'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['12. item', '12\\. item'],
    ['3) item', '3\\) item'],
    ['> quote', '\\> quote'],
    ['===', '\\==='],
    ['    indented code', 'indented code'],
    ['a | b', 'a \\| b'],
    ['<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert(1)\\>'],
    ['[x](javascript:alert(1))', '\\[x\\](javascript:alert(1))'],
    ['**bold** _it_ ~~gone~~ `code` $x$', '\\*\\*bold\\*\\* \\_it\\_ \\~\\~gone\\~\\~ \\`code\\` \\$x\\$'],
    ['&copy; \\n', '\\&copy; \\\\n'],
  ])('%j stays words', (input, expected) => {
    expect(escapeMarkdownLine(input)).toBe(expected);
  });

  it('keeps line breaks as hard breaks inside the list item and drops blank lines', () => {
    expect(markdownLines('one\r\n\n# two\u2028three', '  ')).toBe('one\\\n  \\# two\\\n  three');
  });
});

describe('movement between rounds', () => {
  const at = (beliefId: string, agreements: number[]): SnapshotPosition[] =>
    agreements.map((agreement, i) => ({ beliefId, participantId: `p${i}`, agreement: agreement as SnapshotPosition['agreement'], direction: null, updatedAt: 0 }));

  it('compares the last two rounds that asked about a belief', () => {
    const snapshot: BoardSnapshot = {
      ...snapshotFromDoc(buildExportBoard(), { now: 0 }),
      rounds: [
        { number: 1, startedAt: 0, revealedAt: 1, beliefIds: ['b-agree'], positions: at('b-agree', [-2, 2, -2, 2]) },
        { number: 2, startedAt: 2, revealedAt: 3, beliefIds: ['b-agree', 'b-stale'], positions: at('b-agree', [2, 2, 1]) },
        { number: 3, startedAt: 4, revealedAt: 5, beliefIds: ['b-stale'], positions: at('b-stale', [2]) },
      ],
    };
    const summary = markdownSummary(snapshot);
    // The same people only: p0, p1 and p2 answered b-agree in both rounds (p3 did not in round 2),
    // so round 1 counts −2, +2, −2 (0.08), not all four answers (0.00).
    expect(summary).toContain('movement: round 1 0.08 → round 2 0.83 (same 3 people)');
    // b-stale had nobody in both rounds: said once for the board, not under the belief.
    expect(summary).toContain(
      '**Movement between rounds:** 1 belief of 2 asked in two rounds shows one. Movement compares the same people: those who answered a belief in both of the last two rounds that asked about it, at least 3 of them. 1 belief was answered by fewer people in both rounds and shows none.',
    );
    expect(summary).not.toContain('too few positions →');
    expect(summary.match(/movement/gi)).toHaveLength(3);
    expect(formatMovement(null)).toBeNull();
  });
});

describe('CSV and file names', () => {
  it('quotes as RFC 4180 says and keeps formulas as text', () => {
    expect(csvFile(['a', 'b'], [[textCell('x "y", z'), -2], [textCell('=1+1'), textCell('line\nbreak')]])).toBe(
      '\uFEFFa,b\r\n"x ""y"", z",-2\r\n"\'=1+1","line\nbreak"\r\n',
    );
  });

  it('names a file by title and UTC date, safe for any file system', () => {
    const day = Date.UTC(2026, 0, 31, 23, 59);
    expect(exportFileName('Q3: "beliefs" / risks?', day, 'md')).toBe('Q3 beliefs risks 2026-01-31.md');
    expect(exportFileName('   ', day, 'csv')).toBe('Beliefmap board 2026-01-31.csv');
    expect(exportFileName('../../etc/passwd', day, 'json')).toBe('etc passwd 2026-01-31.json');
  });
});
