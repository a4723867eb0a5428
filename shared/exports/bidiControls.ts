// Unicode's explicit direction controls — embeddings and overrides (U+202A–U+202E) and
// isolates (U+2066–U+2069) — make text display in another order than it is stored
// ("Trojan Source", CVE-2021-42574): a name written "Eve ‮gnp.exe" shows as "Eve exe.png",
// and a cell can look like something it is not. Text exports drop them, so a note reads in
// the order it was written; the JSON snapshot keeps them, since it must import unchanged.
//
// The marks LRM, RLM and ALM (U+200E, U+200F, U+061C) stay: they are invisible letters
// with a direction that right-to-left writers use to put punctuation and numbers where
// they belong, and they cannot reorder a run of letters, only the digits and punctuation
// beside them. Dropping them would disturb honest Hebrew and Arabic notes.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
