// One description of a key combination gives three things: the test for a keydown, the
// text shown in tooltips, and the aria-keyshortcuts value, so they cannot disagree.

export interface KeySpec {
  /** KeyboardEvent.key: a letter, a symbol such as "+", or a name such as "Delete". */
  key?: string;
  /** KeyboardEvent.code, for shifted digits whose key differs by keyboard layout. */
  code?: `Digit${number}`;
  /** ⌘ on a Mac, Ctrl elsewhere. */
  mod?: boolean;
  shift?: boolean;
}

export interface Shortcut {
  /** For people: "N", "Del", "⌘Z" or "Ctrl+Z". */
  kbd: string;
  /** For assistive technology: "Control+Z Control+Y". */
  ariaKeys: string;
  match(event: KeyboardEvent): boolean;
}

function detectMac(): boolean {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return /mac|iphone|ipad/i.test(nav.userAgentData?.platform ?? nav.platform ?? '');
}

export const IS_MAC = detectMac();

const KEY_NAMES: Record<string, string> = {
  Delete: 'Del',
  Backspace: IS_MAC ? '⌫' : 'Backspace',
  Escape: 'Esc',
};

/** The key as aria-keyshortcuts names it: "N", "0", "Delete". */
function keyName(spec: KeySpec): string {
  if (spec.code) return spec.code.slice('Digit'.length);
  const key = spec.key ?? '';
  return key.length === 1 ? key.toUpperCase() : key;
}

function display(spec: KeySpec): string {
  const name = keyName(spec);
  const key = KEY_NAMES[name] ?? name;
  if (IS_MAC) return `${spec.shift ? '⇧' : ''}${spec.mod ? '⌘' : ''}${key}`;
  return [spec.mod && 'Ctrl', spec.shift && 'Shift', key].filter(Boolean).join('+');
}

function aria(spec: KeySpec): string {
  return [spec.mod && (IS_MAC ? 'Meta' : 'Control'), spec.shift && 'Shift', keyName(spec)].filter(Boolean).join('+');
}

function matches(spec: KeySpec, event: KeyboardEvent): boolean {
  if (event.altKey) return false;
  const mod = IS_MAC ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  const noMod = !event.metaKey && !event.ctrlKey;
  if (spec.mod ? !mod : !noMod) return false;
  if (spec.code) return event.code === spec.code && event.shiftKey === !!spec.shift;
  const key = spec.key ?? '';
  const isSymbol = key.length === 1 && !/[a-z0-9]/i.test(key);
  // A symbol such as "+" already says whether Shift was needed to type it.
  if (!isSymbol && event.shiftKey !== !!spec.shift) return false;
  return event.key.length === 1 ? event.key.toLowerCase() === key.toLowerCase() : event.key === key;
}

/** The first spec is the one shown; the others are accepted too. */
export function shortcut(first: KeySpec, ...alternatives: KeySpec[]): Shortcut {
  const specs = [first, ...alternatives];
  return {
    kbd: display(first),
    ariaKeys: specs.map(aria).join(' '),
    match: (event) => specs.some((spec) => matches(spec, event)),
  };
}
