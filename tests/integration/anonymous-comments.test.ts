// Comments under the anonymity levels, against the real relay and store (docs/security.md,
// "Comments and the anonymity levels"): under an anonymous level a comment goes to the
// relay on the workshop channel and is written under its author's pseudonym by the relay's
// own client; every byte a participant and a view link receive is decoded and searched for
// an author joined to their comment (tests/helpers/linkAudit.ts), and so are the exports.
// A browser's own comment write is refused then, an edit or deletion is honoured only from
// the pseudonym's owner, and a switch to a more private level moves named comments. The
// named level is the control: there the same audit must find the links.
import { afterEach, describe, expect, it } from 'vitest';
import { isPseudonym, pseudonymName, setAnonymityLevel, type AnonymityLevel } from '../../shared/anonymity.ts';
import { addComment, deleteComment, listComments, setCommentHidden } from '../../shared/comments.ts';
import { newId } from '../../shared/ids.ts';
import { addBelief } from '../../shared/model.ts';
import type { BoardSnapshot } from '../../shared/snapshot/format.ts';
import type { WorkshopRequest } from '../../shared/workshopMessages.ts';
import { decodeReceived, nameAnswerLinks, nameCommentLinks, type Person } from '../helpers/linkAudit.ts';
import { accessOf, startTestRelay, waitFor, type TestRelay } from '../helpers/relay.ts';
import { openMember, openViewer as openAuditViewer, type Member } from '../helpers/auditedMembers.ts';
import type { WorkshopClient } from '../helpers/workshopClient.ts';

let relay: TestRelay | null = null;
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await relay?.close();
  relay = null;
});

const open = (boardId: string, name: string, role: 'edit' | 'facilitate' = 'edit'): Promise<Member> => openMember(relay!.wsUrl, boardId, name, cleanups, role);
const openViewer = (boardId: string): Promise<WorkshopClient> => openAuditViewer(relay!.wsUrl, boardId, cleanups);

/** My comment as an honest page posts it at this level: to the relay when anonymous, into my own document when named. */
function comment(member: Member, level: AnonymityLevel, beliefId: string, text: string, options: { parentId?: string | null; mentions?: string[] } = {}): string {
  const id = newId();
  if (level === 'named') addComment(member.client.doc, { id, beliefId, authorId: member.person.id, text, parentId: options.parentId ?? null, mentions: options.mentions ?? [] }, 'local');
  else member.client.send({ kind: 'comment', id, beliefId, text, parentId: options.parentId ?? null, mentions: options.mentions ?? [] });
  return id;
}

async function settle(...clients: WorkshopClient[]): Promise<void> {
  for (const client of clients) await client.stored();
  for (const client of clients) await client.stored();
}

async function fetchExport(boardId: string, file: string, secret: string): Promise<string> {
  const response = await fetch(`${relay!.server.url}/api/boards/${boardId}/${file}`, { headers: { Authorization: `Bearer ${secret}` } });
  expect(response.status, `${file}: ${response.status}`).toBe(200);
  return response.text();
}

function commentById(client: WorkshopClient, id: string) {
  return listComments(client.doc).find((candidate) => candidate.id === id);
}

/** Sends a request and waits until the relay has answered it (refused or written). */
async function ask(member: Member, request: WorkshopRequest, ...others: WorkshopClient[]): Promise<void> {
  member.client.send(request);
  await settle(member.client, ...others);
}

/**
 * Sends a request the relay must refuse and resolves with its words. The refusal is waited
 * for, not assumed to have come with the next confirmation: on a cluster the relay decides
 * under the record's lock, after the socket's stored-request has been answered.
 */
async function refusalOf(member: Member, request: WorkshopRequest): Promise<string> {
  const before = member.client.notices.length;
  member.client.send(request);
  let reason: string | undefined;
  await waitFor(() => {
    const refusal = member.client.notices.slice(before).find((notice) => notice.kind === 'refused');
    reason = refusal?.kind === 'refused' ? refusal.reason : undefined;
    return reason !== undefined;
  }, 5_000, `the refusal of ${request.kind}`);
  return reason!;
}

describe('comments under the anonymity levels: nothing a participant or view link receives joins an author to their comment', () => {
  for (const level of ['participants', 'everyone', 'named'] as const) {
    it(`${level}: comments, a reply with a mention, an edit, forged and foreign writes, a hide and the exports`, async () => {
      relay = await startTestRelay();
      const boardId = await relay.createBoard(`Comments ${level}`);
      const fiona = await open(boardId, 'Fiona Facilitator', 'facilitate');
      const belief = addBelief(fiona.client.doc, { text: 'We ship weekly', x: 0, y: 0, authorId: fiona.person.id }, 'local');
      setAnonymityLevel(fiona.client.doc, level, 'local');
      await fiona.client.stored();
      const alice = await open(boardId, 'Alice Archer');
      const bob = await open(boardId, 'Bob Baker');
      const viewer = await openViewer(boardId);
      const people = [alice.person, bob.person];
      await waitFor(() => alice.client.doc.getMap('beliefs').has(belief) && bob.client.doc.getMap('beliefs').has(belief), 5_000, 'the belief to reach everyone');

      const first = comment(alice, level, belief, 'Weekly is too often for the mobile app');
      await waitFor(() => commentById(bob.client, first) !== undefined, 5_000, "Alice's comment to reach Bob");
      const reply = comment(bob, level, belief, 'Then release the web weekly', { parentId: first, mentions: [alice.person.id] });
      await waitFor(() => commentById(viewer, reply) !== undefined, 5_000, "Bob's reply to reach the view link");
      // The mention still names Alice: that is what a mention is for.
      expect(commentById(viewer, reply)!.mentions).toEqual([alice.person.id]);
      expect(commentById(viewer, reply)!.parentId).toBe(first);

      if (level !== 'named') {
        await waitFor(() => (alice.client.last('myAnswers')?.pseudonym ?? '') !== '', 5_000, "Alice's tab to learn her pseudonym");
        alice.person.pseudonym = alice.client.last('myAnswers')!.pseudonym;
        await waitFor(() => (bob.client.last('myAnswers')?.pseudonym ?? '') !== '', 5_000, "Bob's tab to learn his pseudonym");
        bob.person.pseudonym = bob.client.last('myAnswers')!.pseudonym;
        expect(commentById(viewer, first)!.authorId, "Alice's comment is under her pseudonym").toBe(alice.person.pseudonym);
        expect(commentById(viewer, reply)!.authorId).toBe(bob.person.pseudonym);
        expect(isPseudonym(alice.person.pseudonym) && alice.person.pseudonym !== bob.person.pseudonym).toBe(true);

        // Alice edits her own through the relay; Bob may neither edit nor delete it, nor may someone with no pseudonym.
        await ask(alice, { kind: 'editComment', id: first, text: 'Weekly is too often for the mobile app, not the web', mentions: [] }, fiona.client);
        await waitFor(() => commentById(viewer, first)?.text.endsWith('not the web') === true, 5_000, "Alice's edit");
        expect(commentById(viewer, first)!.editedAt).not.toBeNull();
        expect(await refusalOf(bob, { kind: 'editComment', id: first, text: 'Bob rewrote this', mentions: [] })).toMatch(/Only its author may edit/);
        expect(await refusalOf(bob, { kind: 'deleteComment', id: first })).toMatch(/Only its author may delete/);
        await settle(bob.client, fiona.client);
        const carol = await open(boardId, 'Carol Cooper');
        expect(await refusalOf(carol, { kind: 'deleteComment', id: reply })).toMatch(/Only its author/);
        await settle(carol.client, fiona.client);
        expect(commentById(viewer, first)!.text).toBe('Weekly is too often for the mobile app, not the web');
        expect(commentById(viewer, reply)).toBeDefined();

        // Alice's own browser writes a comment under her name, as a forged or stale page would: cut out, only she is told.
        const forged = newId();
        addComment(alice.client.doc, { id: forged, beliefId: belief, authorId: alice.person.id, text: 'Signed, Alice' }, 'local');
        await settle(alice.client, bob.client, fiona.client);
        await waitFor(() => alice.client.last('changeRefused') !== undefined, 5_000, 'Alice to be told her write was refused');
        expect(alice.client.last('changeRefused')!.reason).toMatch(/anonymous/);
        expect(alice.client.closed, 'refused, not forbidden: an honest page that missed the switch sends one').toBeNull();
        expect(bob.client.notices.some((notice) => notice.kind === 'changeRefused'), 'only the sender is told').toBe(false);
        expect(commentById(viewer, forged), 'the forged comment is not relayed').toBeUndefined();
        // Deleting her own comment directly is refused the same way: it goes through the relay.
        deleteComment(alice.client.doc, first, 'local');
        await settle(alice.client, fiona.client);
        expect(commentById(viewer, first)).toBeDefined();
      }

      // The facilitator's hide works at every level.
      setCommentHidden(fiona.client.doc, reply, true, fiona.person.id, 'local');
      await settle(fiona.client, bob.client);
      await waitFor(() => commentById(viewer, reply)?.hidden?.by === fiona.person.id, 5_000, 'the hide to reach the view link');

      const audits = {
        alice: nameCommentLinks(decodeReceived(alice.client.received), people),
        bob: nameCommentLinks(decodeReceived(bob.client.received), people),
        viewer: nameCommentLinks(decodeReceived(viewer.received), people),
        facilitator: nameCommentLinks(decodeReceived(fiona.client.received), people),
      };
      const participantSecret = accessOf(boardId).secrets.edit;
      const snapshot = JSON.parse(await fetchExport(boardId, 'export.json', participantSecret)) as BoardSnapshot;
      const markdown = await fetchExport(boardId, 'export.md', participantSecret);
      const aliceLine = markdown.split('\n').find((line) => line.includes('Weekly is too often'));
      expect(aliceLine, 'the last word or the discussion is in the retro Markdown').toBeDefined();

      if (level === 'named') {
        // The control: the same audit finds the authors of a named board's comments.
        expect(audits.viewer.some((problem) => problem.includes('names Alice Archer as its author'))).toBe(true);
        expect(audits.viewer.some((problem) => problem.includes("under Bob Baker's Yjs client id"))).toBe(true);
        expect(snapshot.comments.map((entry) => entry.authorId).sort()).toEqual([alice.person.id, bob.person.id].sort());
        expect(aliceLine).toContain('Alice Archer');
        return;
      }
      expect(audits).toEqual({ alice: [], bob: [], viewer: [], facilitator: [] });
      // No pseudonym of someone else, no "whose is whose" list reaches a participant or the view link.
      for (const [who, client, self] of [['alice', alice.client, alice.person], ['bob', bob.client, bob.person], ['viewer', viewer, undefined]] as const) {
        expect(nameAnswerLinks(decodeReceived(client.received), people, [belief], { self }), who).toEqual([]);
      }
      expect(snapshot.comments.map((entry) => entry.authorId).sort(), 'the JSON snapshot keeps comments under pseudonyms').toEqual([alice.person.pseudonym!, bob.person.pseudonym!].sort());
      expect(snapshot.participants.find((participant) => participant.id === alice.person.pseudonym)?.name).toBe(pseudonymName(alice.person.pseudonym!));
      expect(aliceLine).not.toContain('Alice Archer');
      expect(aliceLine).toContain(pseudonymName(alice.person.pseudonym!)!);

      const facilitatorSecret = accessOf(boardId).secrets.facilitate;
      const facilitatorSnapshot = JSON.parse(await fetchExport(boardId, 'export.json', facilitatorSecret)) as BoardSnapshot;
      const owners = fiona.client.last('pseudonyms')?.owners ?? [];
      if (level === 'participants') {
        // Only the facilitator learns whose each comment is: on their tabs and in their exports.
        expect(Object.fromEntries(owners.map(({ pseudonym, participantId }) => [participantId, pseudonym]))).toEqual({ [alice.person.id]: alice.person.pseudonym, [bob.person.id]: bob.person.pseudonym });
        expect(facilitatorSnapshot.comments.map((entry) => entry.authorId).sort()).toEqual([alice.person.id, bob.person.id].sort());
        const facilitatorMarkdown = await fetchExport(boardId, 'export.md', facilitatorSecret);
        expect(facilitatorMarkdown.split('\n').find((line) => line.includes('Weekly is too often'))).toContain('Alice Archer');
      } else {
        expect(owners, 'under "everyone" the facilitator learns no names either').toEqual([]);
        expect(facilitatorSnapshot.comments.map((entry) => entry.authorId).sort()).toEqual([alice.person.pseudonym!, bob.person.pseudonym!].sort());
      }
    });
  }

  it('a comment request under the named level is refused: the browser writes its own there', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Named comments');
    const fiona = await open(boardId, 'Fiona Facilitator', 'facilitate');
    const belief = addBelief(fiona.client.doc, { text: 'We ship weekly', x: 0, y: 0, authorId: fiona.person.id }, 'local');
    await fiona.client.stored();
    const alice = await open(boardId, 'Alice Archer');
    expect(await refusalOf(alice, { kind: 'comment', id: newId(), beliefId: belief, parentId: null, text: 'Through the relay', mentions: [] })).toMatch(/named now/);
    await settle(alice.client, fiona.client);
    expect(listComments(fiona.client.doc)).toEqual([]);
  });
});

describe('switching levels with comments on the board', () => {
  it('a more private level moves named comments under their authors’ pseudonyms, the same as their answers; a more open one names nobody', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Switch with comments');
    const fiona = await open(boardId, 'Fiona Facilitator', 'facilitate');
    const belief = addBelief(fiona.client.doc, { text: 'We ship weekly', x: 0, y: 0, authorId: fiona.person.id }, 'local');
    await fiona.client.stored();
    const alice = await open(boardId, 'Alice Archer');
    const bob = await open(boardId, 'Bob Baker');
    const people = [alice.person, bob.person];
    await waitFor(() => alice.client.doc.getMap('beliefs').has(belief) && bob.client.doc.getMap('beliefs').has(belief), 5_000, 'the belief to reach everyone');
    const first = comment(alice, 'named', belief, 'Named before the switch');
    await settle(alice.client);
    const reply = comment(bob, 'named', belief, 'Me too', { parentId: first, mentions: [alice.person.id] });
    await settle(bob.client, fiona.client);
    await waitFor(() => listComments(fiona.client.doc).length === 2, 5_000, 'two named comments');

    setAnonymityLevel(fiona.client.doc, 'everyone', 'local');
    await fiona.client.stored();
    await waitFor(() => listComments(fiona.client.doc).every((entry) => isPseudonym(entry.authorId)), 5_000, 'the relay to move the comments under pseudonyms');
    await waitFor(() => (alice.client.last('myAnswers')?.pseudonym ?? '') !== '', 5_000, "Alice's tab to learn her pseudonym");
    const alicePseudonym = alice.client.last('myAnswers')!.pseudonym;
    const moved = listComments(fiona.client.doc);
    expect(moved.find((entry) => entry.id === first)?.authorId, 'the same pseudonym her answers would have').toBe(alicePseudonym);
    expect(moved.find((entry) => entry.id === reply)).toMatchObject({ parentId: first, mentions: [alice.person.id], text: 'Me too' });

    // A page that edits its moved comment directly, as one that missed the switch would, is told, not cut off.
    addComment(bob.client.doc, { id: reply, beliefId: belief, authorId: bob.person.id, text: 'Me too, edited', parentId: first }, 'local');
    await settle(bob.client, fiona.client);
    await waitFor(() => bob.client.last('changeRefused') !== undefined, 5_000, 'Bob to be told his direct edit was refused');
    expect(bob.client.closed).toBeNull();
    expect(listComments(fiona.client.doc).find((entry) => entry.id === reply)?.text).toBe('Me too');

    // Whoever opens the board now finds no author joined to a comment; the moved one is hers to edit.
    const erin = await open(boardId, 'Erin Eve');
    await settle(erin.client);
    expect(nameCommentLinks(decodeReceived(erin.client.received), people)).toEqual([]);
    await ask(alice, { kind: 'editComment', id: first, text: 'Edited after the switch', mentions: [] }, erin.client);
    await waitFor(() => commentById(erin.client, first)?.text === 'Edited after the switch', 5_000, "Alice's edit of her moved comment");

    // Back to named: the comments stay under their pseudonyms.
    setAnonymityLevel(fiona.client.doc, 'named', 'local');
    await settle(fiona.client, erin.client);
    const frank = await open(boardId, 'Frank Fox');
    await settle(frank.client);
    expect(listComments(frank.client.doc).every((entry) => isPseudonym(entry.authorId))).toBe(true);
    expect(nameCommentLinks(decodeReceived(frank.client.received), people)).toEqual([]);
  });
});

describe('threads of comments the relay writes', () => {
  it('keeps a reply one level deep: a reply to a reply whose parent was never posted is not written as its own parent', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Threads');
    const fiona = await open(boardId, 'Fiona', 'facilitate');
    const beliefId = addBelief(fiona.client.doc, { text: 'b', x: 0, y: 0, authorId: fiona.person.id }, 'f');
    setAnonymityLevel(fiona.client.doc, 'participants', 'f');
    await fiona.client.stored();
    const mallory = await open(boardId, 'Mallory');
    // X answers Y, which is not posted yet; then Y answers X. Filed under X's thread (Y),
    // Y would be its own parent: a thread the page and the exports cannot place.
    mallory.client.send({ kind: 'comment', id: 'cx', beliefId, parentId: 'cy', text: 'one', mentions: [] });
    mallory.client.send({ kind: 'comment', id: 'cy', beliefId, parentId: 'cx', text: 'two', mentions: [] });
    await waitFor(() => listComments(fiona.client.doc).some((comment) => comment.id === 'cx'), 5_000, 'the first comment to be written');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const byId = new Map(listComments(fiona.client.doc).map((comment) => [comment.id, comment]));
    for (const comment of byId.values()) {
      expect(comment.parentId, `${comment.id} answers itself`).not.toBe(comment.id);
      const parent = comment.parentId === null ? undefined : byId.get(comment.parentId);
      if (parent) expect(parent.parentId, `${comment.id}'s parent is a top-level comment`).toBeNull();
    }
    expect(byId.has('cy'), 'the reply that would answer itself is not written').toBe(false);
  });
});
