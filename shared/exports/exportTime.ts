// Times and file names in exports. Both are written in UTC, so the server, the command
// line and every browser name the same export the same way, whatever their time zone.
import { wellFormed } from '../repairValues.ts';
import { withoutBidiControls } from './bidiControls.ts';

// A Date outside its range (±8.64e15 ms) throws on toISOString; such a time was never a
// moment, so it is written as no time rather than failing the whole export.
function isoOrEmpty(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** "2026-03-14 09:05 UTC". */
export function formatUtcMinute(ms: number): string {
  const iso = isoOrEmpty(ms);
  return iso === '' ? 'at an unknown time' : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** "2026-03-14T09:05:03.120Z": what spreadsheets read as a time. */
export function formatIsoTime(ms: number): string {
  return isoOrEmpty(ms);
}

// Characters some file system or browser refuses in a file name, and control characters.
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_FILE_NAME = /[\u0000-\u001f\u007f<>:"/\\|?*]+/g;
const MAX_FILE_NAME_TITLE = 80;

/**
 * "Q3 beliefs 2026-03-14.md": the board title (made safe for any file system) and the
 * export date. An untitled board is "Beliefmap board".
 */
export function exportFileName(title: string, exportedAt: number, extension: string): string {
  // Direction controls would show a name in another order than it has ("x‮gnp.exe").
  const safe = Array.from(wellFormed(withoutBidiControls(title)).replace(UNSAFE_IN_FILE_NAME, ' ').replace(/\s+/g, ' ').replace(/^[.\s]+/, ''))
    .slice(0, MAX_FILE_NAME_TITLE)
    .join('')
    .trim();
  return `${safe || 'Beliefmap board'} ${isoOrEmpty(exportedAt).slice(0, 10) || 'undated'}.${extension}`;
}
