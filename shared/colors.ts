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
  '#0c8599', '#c2255c', '#5f3dc4', '#66a80f', '#e8590c',
] as const;

export function pickParticipantColor(seed: string): string {
  let hash = 0;
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) | 0;
  return PARTICIPANT_COLORS[Math.abs(hash) % PARTICIPANT_COLORS.length];
}
