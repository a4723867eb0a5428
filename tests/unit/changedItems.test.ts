import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { describeStatus } from '../../client/board/ConnectionStatus.tsx';
import { watchChangedItems } from '../../shared/changedItems.ts';
import { addBelief, createBoard, moveBeliefs, setBeliefText, setBoardTitle, setPosition } from '../../shared/model.ts';

const ME = { me: true };

/** The things my transactions changed, gathered as the save tracker gathers them. */
function watch(doc: Y.Doc) {
  const changed = new Set<string>();
  let transactions = 0;
  const stop = watchChangedItems(doc, (origin) => origin === ME, (items) => {
    transactions++;
    for (const item of items) changed.add(item);
  });
  return { changed, transactions: () => transactions, stop };
}

describe('what counts as one change', () => {
  it('one note written a keystroke at a time and two positions are three changes, not dozens', () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Retro' }, 'server');
    const seen = watch(doc);
    const id = addBelief(doc, { text: '', x: 0, y: 0, authorId: 'me' }, ME);
    const sentence = 'We ship small and often.';
    for (let i = 1; i <= sentence.length; i++) setBeliefText(doc, id, sentence.slice(0, i), ME);
    moveBeliefs(doc, [{ id, x: 40, y: 10 }], ME);
    const other = addBelief(doc, { text: 'Retros change how we work.', x: 300, y: 0, authorId: 'me' }, ME);
    setPosition(doc, id, 'me', { agreement: 1, direction: null }, ME);
    setPosition(doc, other, 'me', { agreement: -2, direction: 2 }, ME);
    expect(seen.transactions()).toBeGreaterThan(sentence.length);
    // Two notes and two positions: what "N changes kept" should say.
    expect(seen.changed).toEqual(new Set([`beliefs:${id}`, `beliefs:${other}`, `positions:${id}:me`, `positions:${other}:me`]));
    seen.stop();
  });

  it('leaves out what others changed, and names a setting by its key', () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Retro' }, 'server');
    const seen = watch(doc);
    addBelief(doc, { text: 'Someone else\'s', x: 0, y: 0, authorId: 'them' }, 'them');
    setBoardTitle(doc, 'Our retro', ME);
    expect([...seen.changed]).toEqual(['meta:title']);
    seen.stop();
    setBoardTitle(doc, 'Stopped watching', ME);
    expect(seen.transactions()).toBe(1);
  });
});

describe('the connection status in words', () => {
  it('offline with nothing unsaved says so, never "0 changes kept"', () => {
    const text = describeStatus({ phase: 'offline', unsavedChanges: 0, unsavedThings: 0 });
    expect(text).not.toMatch(/\b0 changes\b/);
    expect(text).toMatch(/^Offline — nothing unsaved/);
  });

  it('counts things changed, not transactions', () => {
    expect(describeStatus({ phase: 'offline', unsavedChanges: 26, unsavedThings: 3 })).toBe('Offline — 3 changes kept on this device');
    expect(describeStatus({ phase: 'reconnecting', unsavedChanges: 5, unsavedThings: 1 })).toBe('Offline — 1 change kept on this device; reconnecting…');
  });
});
