// Prompts for writing a belief, as fill-in sentences. Cutler's, about the market: "Compared
// to ___ (who we consider to be …), we are … when it comes to our ability to ___. We must
// …". And one about how the team works, since many beliefs a team runs on are about its
// own practices, not its competitors: "Our practice of ___ … when it comes to ___. We
// should …". The form in the client and any later import share these builders and checks.
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

export function hasProblems(problems: PromptProblems | PracticeProblems): boolean {
  return Object.keys(problems).length > 0;
}

/** What a practice does for the outcome, completing "Our practice of ___ …". */
export const PRACTICE_EFFECTS = {
  helps: 'helps us',
  hinders: 'holds us back',
  unsure: 'may or may not help us',
} as const;
export type PracticeEffect = keyof typeof PRACTICE_EFFECTS;

export const PRACTICE_INTENTS = {
  keep: 'We should keep doing it.',
  change: 'We should change how we do it.',
  stop: 'We should stop doing it.',
} as const;
export type PracticeIntent = keyof typeof PRACTICE_INTENTS;

export interface PracticePrompt {
  /** How the team works: "pairing on every change", "writing tickets as user stories". */
  practice: string;
  effect: PracticeEffect;
  /** What it is for, completing "when it comes to ___". */
  outcome: string;
  intent: PracticeIntent;
}

export interface PracticeProblems {
  practice?: string;
  outcome?: string;
  length?: string;
}

export function composePracticeBelief(prompt: PracticePrompt): { text: string; problems: PracticeProblems } {
  const practice = tidy(prompt.practice);
  const outcome = tidy(prompt.outcome);
  const text =
    `Our practice of ${practice || BLANK} ${PRACTICE_EFFECTS[prompt.effect]} ` +
    `when it comes to ${outcome || BLANK}. ${PRACTICE_INTENTS[prompt.intent]}`;

  const problems: PracticeProblems = {};
  if (!practice) problems.practice = 'Say which practice this is about, for example “reviewing every change in pairs”.';
  if (!outcome) problems.outcome = 'Say what the practice is for, for example “shipping what customers asked for”.';
  const length = Array.from(text).length;
  if (length > MAX_BELIEF_TEXT) {
    problems.length =
      `This belief would be ${length} characters long; a belief holds at most ${MAX_BELIEF_TEXT}. ` +
      `Shorten the blanks by ${length - MAX_BELIEF_TEXT}.`;
  }
  return { text, problems };
}
