// Belief texts, titles and names inside Markdown, written so that they read as the words
// they are and can never become structure: no heading, list, quote, table, link, HTML,
// emphasis or code from a note's text, in CommonMark and GitHub's dialect alike.
import { withoutBidiControls } from './bidiControls.ts';

// Characters that mean something anywhere in a line (GitHub adds | tables, ~ strikethrough
// and $ maths). Each is escaped with a backslash, which CommonMark allows before any ASCII
// punctuation; & too, so "&copy;" stays six characters instead of becoming ©.
const INLINE = /[\\`*_[\]<>|~$&#]/g;
// What means something only at the start of a line: headings (#), lists (-, +, 1. or 1)),
// quotes (>), setext underlines (=, -). # and > are already escaped inline.
const LINE_START = /^([-+=])/;
const ORDERED_MARKER = /^(\d+)([.)])/;
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029\u0085]/;

/**
 * One line of text, escaped; surrounding whitespace (which would make code blocks) and
 * direction controls (see bidiControls.ts) go.
 */
export function escapeMarkdownLine(line: string): string {
  return withoutBidiControls(line)
    .replace(/\t/g, ' ')
    .trim()
    .replace(INLINE, '\\$&')
    .replace(LINE_START, '\\$1')
    .replace(ORDERED_MARKER, '$1\\$2');
}

/** Text that must stay on one line (a heading, a list of names): its line breaks become spaces. */
export function markdownInline(text: string): string {
  return escapeMarkdownLine(text.split(LINE_BREAKS).join(' '));
}

/**
 * Text that may hold line breaks, inside a list item indented by `indent`: each line is
 * kept, joined by hard breaks ("\" at the end of a line), and blank lines are dropped,
 * since a blank line would end the item.
 */
export function markdownLines(text: string, indent: string): string {
  return text
    .split(LINE_BREAKS)
    .map(escapeMarkdownLine)
    .filter((line) => line !== '')
    .join(`\\\n${indent}`);
}
