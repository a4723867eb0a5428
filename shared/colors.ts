// Sticky-note colours (light, so dark text stays readable) and participant colours
// (saturated, for cursors and selection outlines on a light canvas).

export const NOTE_COLORS = [
  { id: 'yellow', label: 'Yellow', fill: '#fff3a3' },
  { id: 'orange', label: 'Orange', fill: '#ffd8a8' },
  { id: 'pink', label: 'Pink', fill: '#ffc9de' },
  { id: 'purple', label: 'Purple', fill: '#e5d4ff' },
  { id: 'blue', label: 'Blue', fill: '#cfe6ff' },
  { id: 'green', label: 'Green', fill: '#cdf2cf' },
  { id: 'gray', label: 'Gray', fill: '#e9ecef' },
] as const;

export type NoteColor = (typeof NOTE_COLORS)[number]['id'];
export const DEFAULT_NOTE_COLOR: NoteColor = 'yellow';

export function isNoteColor(value: unknown): value is NoteColor {
  return NOTE_COLORS.some((c) => c.id === value);
}

export function noteFill(color: string): string {
  return (NOTE_COLORS.find((c) => c.id === color) ?? NOTE_COLORS[0]).fill;
}

export const PARTICIPANT_COLORS = [
  '#e03131', '#2f9e44', '#1971c2', '#f08c00', '#9c36b5',
  '#0c8599', '#c2255c', '#5f3dc4', '#66a80f', '#495057',
] as const;

const PARTICIPANT_COLOR_FORMAT = /^#[0-9a-fA-F]{6}$/;

/** A participant colour as the board stores it: "#rrggbb". */
export function isParticipantColor(value: unknown): value is string {
  return typeof value === 'string' && PARTICIPANT_COLOR_FORMAT.test(value);
}

export function pickParticipantColor(seed: string): string {
  let hash = 0;
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) | 0;
  return PARTICIPANT_COLORS[Math.abs(hash) % PARTICIPANT_COLORS.length];
}

/**
 * My colour on one board: the one I already have there, else my usual colour if nobody
 * else on the board wears it, else the first colour nobody wears — so a workshop of ten
 * has ten colours, not three reds.
 */
export function colourOnBoard(myId: string, preferred: string, participants: ReadonlyMap<string, { color: string }>): string {
  const mine = participants.get(myId)?.color;
  if (mine) return mine;
  const taken = new Set<string>();
  for (const [id, record] of participants) if (id !== myId) taken.add(record.color);
  if (!taken.has(preferred)) return preferred;
  return PARTICIPANT_COLORS.find((colour) => !taken.has(colour)) ?? preferred;
}
