// Cutler's prompt for writing a belief, as a fill-in sentence: "Compared to ___ (who we
// consider to be …), we are … when it comes to our ability to ___. We must …". The form
// in the client and any later import share this one builder and its checks.
import { MAX_BELIEF_TEXT } from './limits.ts';

export const COMPETITOR_KINDS = {
  legacy: 'a legacy player',
  current: 'a current competitor',
  future: 'an established future competitor',
  disruptor: 'a potential disruptor',
} as const;
export type CompetitorKind = keyof typeof COMPETITOR_KINDS;

export const STANDINGS = {
  differentiated: 'highly differentiated',
  better: 'incrementally better',
  equal: 'equal',
  lagging: 'lagging',
} as const;
export type Standing = keyof typeof STANDINGS;

/**
 * The closing sentence. Cutler writes the three as "We must maintain this position / work
 * to improve / can let this slip"; the last reads "We can …", not "We must can …".
 */
export const INTENTS = {
  maintain: 'We must maintain this position.',
  improve: 'We must work to improve.',
  'let-slip': 'We can let this slip.',
} as const;
export type Intent = keyof typeof INTENTS;

export interface BeliefPrompt {
  /** Who we compare ourselves to: a company, a product, a team. */
  comparedTo: string;
  kind: CompetitorKind;
  standing: Standing;
  /** What we are able to do, completing "our ability to ___". */
  ability: string;
  intent: Intent;
}

/** Shown in the sentence where a blank has not been filled in yet. */
export const BLANK = '___';

export interface PromptProblems {
  comparedTo?: string;
  ability?: string;
  /** The whole sentence is longer than a belief may be. */
  length?: string;
}

export interface ComposedBelief {
  /** The sentence, with BLANK where a blank is still empty: fit for a preview. */
  text: string;
  /** Empty when the sentence may become a belief. */
  problems: PromptProblems;
}

/** One line, no doubled spaces; a trailing full stop would double the sentence's own. */
function tidy(blank: string): string {
  return blank.replace(/\s+/g, ' ').trim().replace(/[.!?…]+$/u, '').trim();
}

export function composeBelief(prompt: BeliefPrompt): ComposedBelief {
  const comparedTo = tidy(prompt.comparedTo);
  const ability = tidy(prompt.ability);
  const text =
    `Compared to ${comparedTo || BLANK} (who we consider to be ${COMPETITOR_KINDS[prompt.kind]}), ` +
    `we are ${STANDINGS[prompt.standing]} when it comes to our ability to ${ability || BLANK}. ` +
    INTENTS[prompt.intent];

  const problems: PromptProblems = {};
  if (!comparedTo) problems.comparedTo = 'Say who you are comparing yourselves to, for example a competitor’s name.';
  if (!ability) problems.ability = 'Say which ability this is about, for example “onboard a new customer in a day”.';
  const length = Array.from(text).length;
  if (length > MAX_BELIEF_TEXT) {
    problems.length =
      `This belief would be ${length} characters long; a belief holds at most ${MAX_BELIEF_TEXT}. ` +
      `Shorten the blanks by ${length - MAX_BELIEF_TEXT}.`;
  }
  return { text, problems };
}

export function hasProblems(problems: PromptProblems): boolean {
  return Object.keys(problems).length > 0;
}
