// Texts a participant writes to attack whoever opens an export.

/** The formula from the issue: no comma, so it once went out unquoted and unguarded. */
export const SEMICOLON_FORMULA = "x;=cmd|' /C calc'!A0";
export const TAB_FORMULA = "\t=cmd|' /C calc'!A0";
/** RIGHT-TO-LEFT OVERRIDE: "Eve ‮gnp.exe" displays as "Eve exe.png". */
export const RLO = '\u202E';
/** Every direction control the text exports drop. */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
