import { describe, expect, it } from 'vitest';
import { BLANK, composeBelief, composePracticeBelief, hasProblems, type BeliefPrompt, type PracticePrompt } from '../../shared/beliefPrompt.ts';
import { MAX_BELIEF_TEXT } from '../../shared/limits.ts';

const filled: BeliefPrompt = {
  comparedTo: 'Acme',
  kind: 'current',
  standing: 'better',
  ability: 'onboard a customer in a day',
  intent: 'improve',
};

describe('composeBelief', () => {
  it('fills in Cutler\'s prompt', () => {
    const { text, problems } = composeBelief(filled);
    expect(text).toBe(
      'Compared to Acme (who we consider to be a current competitor), we are incrementally better ' +
        'when it comes to our ability to onboard a customer in a day. We must work to improve.',
    );
    expect(hasProblems(problems)).toBe(false);
  });

  it('offers every choice of the prompt, with the right article and a grammatical ending', () => {
    const text = composeBelief({ ...filled, kind: 'future', standing: 'lagging', intent: 'let-slip' }).text;
    expect(text).toContain('(who we consider to be an established future competitor)');
    expect(text).toContain('we are lagging when it comes');
    expect(text.endsWith('. We can let this slip.')).toBe(true);
    expect(composeBelief({ ...filled, kind: 'legacy' }).text).toContain('a legacy player');
    expect(composeBelief({ ...filled, kind: 'disruptor' }).text).toContain('a potential disruptor');
    expect(composeBelief({ ...filled, standing: 'differentiated' }).text).toContain('we are highly differentiated');
    expect(composeBelief({ ...filled, standing: 'equal' }).text).toContain('we are equal when');
    expect(composeBelief({ ...filled, intent: 'maintain' }).text.endsWith('We must maintain this position.')).toBe(true);
  });

  it('tidies the blanks: one line, no doubled spaces, no doubled full stop', () => {
    const { text } = composeBelief({ ...filled, comparedTo: '  Acme\n Corp ', ability: 'ship   weekly.  ' });
    expect(text).toContain('Compared to Acme Corp (who');
    expect(text).toContain('our ability to ship weekly. We must');
  });

  it('shows blanks in the preview and says in words what is missing', () => {
    const { text, problems } = composeBelief({ ...filled, comparedTo: '   ', ability: '' });
    expect(text).toBe(
      `Compared to ${BLANK} (who we consider to be a current competitor), we are incrementally better ` +
        `when it comes to our ability to ${BLANK}. We must work to improve.`,
    );
    expect(problems.comparedTo).toMatch(/who you are comparing yourselves to/);
    expect(problems.ability).toMatch(/which ability/);
    expect(problems.length).toBeUndefined();
  });

  it('treats a blank of only punctuation as empty', () => {
    expect(composeBelief({ ...filled, ability: ' … ' }).problems.ability).toBeDefined();
  });

  it('accepts a sentence of exactly the longest belief and refuses one character more', () => {
    const base = composeBelief({ ...filled, ability: '' }).text.length - BLANK.length;
    const exact = composeBelief({ ...filled, ability: 'x'.repeat(MAX_BELIEF_TEXT - base) });
    expect(exact.text.length).toBe(MAX_BELIEF_TEXT);
    expect(hasProblems(exact.problems)).toBe(false);
    const over = composeBelief({ ...filled, ability: 'x'.repeat(MAX_BELIEF_TEXT - base + 1) });
    expect(over.problems.length).toBe(
      `This belief would be ${MAX_BELIEF_TEXT + 1} characters long; a belief holds at most ${MAX_BELIEF_TEXT}. Shorten the blanks by 1.`,
    );
  });

  it('counts characters as people see them, an emoji as one', () => {
    const base = composeBelief({ ...filled, ability: '' }).text.length - BLANK.length;
    const emoji = composeBelief({ ...filled, ability: '🚀'.repeat(MAX_BELIEF_TEXT - base) });
    expect(hasProblems(emoji.problems)).toBe(false);
  });
});

describe('composePracticeBelief: a prompt for the team\'s own practices', () => {
  const practice: PracticePrompt = { practice: 'reviewing every change in pairs', effect: 'helps', outcome: 'shipping what customers asked for', intent: 'keep' };

  it('fills in a sentence about how the team works, not about a competitor', () => {
    const { text, problems } = composePracticeBelief(practice);
    expect(text).toBe('Our practice of reviewing every change in pairs helps us when it comes to shipping what customers asked for. We should keep doing it.');
    expect(text).not.toContain('Compared to');
    expect(hasProblems(problems)).toBe(false);
  });

  it('offers every choice, and says which blank is missing', () => {
    expect(composePracticeBelief({ ...practice, effect: 'hinders', intent: 'stop' }).text).toContain('holds us back when it comes to');
    expect(composePracticeBelief({ ...practice, effect: 'unsure', intent: 'change' }).text.endsWith('We should change how we do it.')).toBe(true);
    const empty = composePracticeBelief({ ...practice, practice: ' ', outcome: '' });
    expect(empty.text).toBe(`Our practice of ${BLANK} helps us when it comes to ${BLANK}. We should keep doing it.`);
    expect(Object.keys(empty.problems).sort()).toEqual(['outcome', 'practice']);
  });

  it('refuses a sentence longer than a belief may be', () => {
    const { problems } = composePracticeBelief({ ...practice, practice: 'x'.repeat(MAX_BELIEF_TEXT) });
    expect(problems.length).toContain(`at most ${MAX_BELIEF_TEXT}`);
  });
});
