// Pseudonyms under an anonymous level, against the real relay (found by a hostile review):
// answers held until a belief has enough are released with one time, not the time each was
// given (which the public count of waiting answers had timed, and presence tied to a
// person); and a pseudonym, readable in the document, is never taken as a participant id —
// claimed as one, it let its holder rewrite the person's comment and reveal a sealed answer
// over theirs once answers were named again.
import { afterEach, describe, expect, it } from 'vitest';
import { isPseudonym, readWaitingAnswers, setAnonymityLevel, setMinAnswers } from '../../shared/anonymity.ts';
import { addBelief } from '../../shared/model.ts';
import { positionsMap, readStoredPosition } from '../../shared/schema.ts';
import { commentsMap, readStoredComment } from '../../shared/comments.ts';
import { readWorkshop } from '../../shared/workshop.ts';
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay.ts';
import { openMember, openViewer, pseudonymOf, type Member } from '../helpers/auditedMembers.ts';
import type { WorkshopClient } from '../helpers/workshopClient.ts';

let relay: TestRelay | null = null;
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await relay?.close();
  relay = null;
});

const open = (boardId: string, name: string, role: 'edit' | 'facilitate' = 'edit'): Promise<Member> => openMember(relay!.wsUrl, boardId, name, cleanups, role);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('pairing a person with a pseudonym', () => {
  it('answers held for too few answers do not carry the time each was given when released together', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Held release times');
    const fiona = await open(boardId, 'Fiona Facilitator', 'facilitate');
    const belief = addBelief(fiona.client.doc, { text: 'We ship weekly', x: 0, y: 0, authorId: fiona.person.id }, 'local');
    setAnonymityLevel(fiona.client.doc, 'everyone', 'local');
    setMinAnswers(fiona.client.doc, 6, 'local');
    await fiona.client.stored();
    const viewer: WorkshopClient = await openViewer(relay.wsUrl, boardId, cleanups);
    const names = ['Ann', 'Ben', 'Cat', 'Dan', 'Eve', 'Fay'];
    const members: Member[] = [];
    for (const name of names) members.push(await open(boardId, name));
    // One after another, as people answer in a workshop; the waiting count is public each time.
    const waitingSeenAt: number[] = [];
    for (const [index, member] of members.entries()) {
      member.client.send({ kind: 'answer', beliefId: belief, agreement: 1, direction: 1 });
      if (index < members.length - 1) {
        await waitFor(() => readWaitingAnswers(viewer.doc).get(belief) === index + 1, 5_000, `${index + 1} waiting`);
        waitingSeenAt.push(Date.now());
      }
      await sleep(40);
    }
    await waitFor(() => positionsMap(viewer.doc).size === 6, 5_000, 'the six answers released together');
    const pseudonyms = await Promise.all(members.map(pseudonymOf));
    // The viewer reads each released answer's time: given as each arrived, sorted by it the
    // pseudonyms came out in the order people answered, which the public count of waiting
    // answers had timed. Released together, they carry one time (and are written in a
    // shuffled order — not asserted: it matches the answering order one time in 720).
    const positions = positionsMap(viewer.doc);
    const times = new Set(Array.from(positions.values(), (value) => readStoredPosition(value)!.updatedAt));
    expect(pseudonyms.length).toBe(6);
    expect(times.size, `answers released together carry one time, not ${times.size} (${[...times].join(', ')})`).toBe(1);
  });
});

describe('a participant id that is someone\'s pseudonym', () => {
  it("joining the shared link under Ann's pseudonym gives no power over Ann's anonymous comment or answer", async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Pseudonym as id');
    const fiona = await open(boardId, 'Fiona Facilitator', 'facilitate');
    const belief = addBelief(fiona.client.doc, { text: 'We ship weekly', x: 0, y: 0, authorId: fiona.person.id }, 'local');
    setAnonymityLevel(fiona.client.doc, 'everyone', 'local');
    setMinAnswers(fiona.client.doc, 2, 'local');
    await fiona.client.stored();
    const ann = await open(boardId, 'Ann');
    const ben = await open(boardId, 'Ben');
    ann.client.send({ kind: 'answer', beliefId: belief, agreement: 2, direction: 1 });
    ben.client.send({ kind: 'answer', beliefId: belief, agreement: -1, direction: 1 });
    ann.client.send({ kind: 'comment', id: 'ann-comment-1', beliefId: belief, parentId: null, text: 'Honest words', mentions: [] });
    const annPseudonym = await pseudonymOf(ann);
    await waitFor(() => positionsMap(fiona.client.doc).has(`${belief}:${annPseudonym}`) && readStoredComment(fiona.client.doc, 'ann-comment-1') !== null, 5_000, "Ann's answer and comment");
    // The facilitator opens the board up again; Ann's anonymous entries stay under her pseudonym.
    setAnonymityLevel(fiona.client.doc, 'named', 'local');
    await fiona.client.stored();

    // Mallory reads the pseudonym off the document and claims it as her participant id.
    const { WorkshopClient } = await import('../helpers/workshopClient.ts');
    const { newSecret } = await import('../../shared/ids.ts');
    const mallory = await WorkshopClient.open(relay.wsUrl, boardId, { role: 'edit', participant: { id: annPseudonym, secret: newSecret() } });
    cleanups.push(() => mallory.close());
    await mallory.stored();

    // 1. Rewrite Ann's anonymous comment straight in the document.
    const stored = readStoredComment(mallory.doc, 'ann-comment-1')!;
    commentsMap(mallory.doc).set('ann-comment-1', { ...stored, text: 'I think our lead is useless', editedAt: Date.now() } as never);
    await mallory.stored(2_000);
    await fiona.client.stored();
    expect.soft(readStoredComment(fiona.client.doc, 'ann-comment-1')?.text, "Ann's anonymous comment keeps her words").toBe('Honest words');

    // 2. A sealed round revealed under the named level: the relay writes Mallory's answer under her id.
    if (!mallory.closed) {
      fiona.client.send({ kind: 'startRound', beliefIds: [belief], deadline: null, autoReveal: false });
      await waitFor(() => readWorkshop(fiona.client.doc).round?.status === 'open', 5_000, 'round open');
      mallory.send({ kind: 'seal', beliefId: belief, agreement: -2, direction: -2 });
      await mallory.stored(2_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Claiming a pseudonym gets no participant id: nothing is sealed for her.
      expect(readWorkshop(fiona.client.doc).round?.answered[belief] ?? []).toEqual([]);
      fiona.client.send({ kind: 'revealRound' });
      await waitFor(() => readWorkshop(fiona.client.doc).round?.status === 'revealed', 5_000, 'reveal');
      await fiona.client.stored();
    }
    expect.soft(readStoredPosition(positionsMap(fiona.client.doc).get(`${belief}:${annPseudonym}`))?.agreement, "Ann's anonymous answer is still hers").toBe(2);
    expect(isPseudonym(annPseudonym)).toBe(true);
  });
});
