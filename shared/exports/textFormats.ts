// The text exports, in one table: the app's Export menu, the HTTP routes and the command
// line all offer these, named and typed the same way.
import { snapshotJson, type BoardSnapshot } from '../snapshot/format.ts';
import { actionsCsv, groupsCsv, positionsCsv, summaryCsv } from './csvExports.ts';
import { markdownSummary } from './markdown.ts';
import type { RetroOptions } from './retroText.ts';

export interface TextExport {
  label: string;
  /** What follows the title and date in the file name. */
  extension: string;
  contentType: string;
  /** `options.since`: the Markdown summary opens with what changed since then; the others ignore it. */
  render(snapshot: BoardSnapshot, options?: RetroOptions): string;
}

export const TEXT_EXPORTS = {
  md: { label: 'Markdown summary', extension: 'md', contentType: 'text/markdown; charset=utf-8', render: markdownSummary },
  csv: { label: 'Positions (CSV)', extension: 'csv', contentType: 'text/csv; charset=utf-8; header=present', render: positionsCsv },
  'summary-csv': {
    label: 'Summary per belief (CSV)',
    extension: 'summary.csv',
    contentType: 'text/csv; charset=utf-8; header=present',
    render: summaryCsv,
  },
  'groups-csv': {
    label: 'Opinion groups (CSV)',
    extension: 'groups.csv',
    contentType: 'text/csv; charset=utf-8; header=present',
    render: groupsCsv,
  },
  'actions-csv': {
    label: 'Actions (CSV)',
    extension: 'actions.csv',
    contentType: 'text/csv; charset=utf-8; header=present',
    render: actionsCsv,
  },
  json: {
    label: 'Snapshot (JSON, re-importable)',
    extension: 'json',
    contentType: 'application/json; charset=utf-8',
    render: snapshotJson,
  },
} as const satisfies Record<string, TextExport>;

export type TextExportId = keyof typeof TEXT_EXPORTS;

export function isTextExportId(value: unknown): value is TextExportId {
  return typeof value === 'string' && Object.hasOwn(TEXT_EXPORTS, value);
}
