// "Present" is a workshop setting in the document (workshop.presenting): every screen
// follows the presenter while it is set, so only the facilitator may set or clear it.
// Through the real relay and store: a participant's attempt closes its connection, a
// view-only link's is dropped, and none of it is stored.
import { afterEach, describe, expect, it } from 'vitest';
import { newId, newSecret } from '../../shared/ids.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { readWorkshop, startPresenting, stopPresenting } from '../../shared/workshop.ts';
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay.ts';
import { WorkshopClient, type WorkshopClientOptions } from '../helpers/workshopClient.ts';

let relay: TestRelay | null = null;
let clients: WorkshopClient[] = [];

afterEach(async () => {
  await Promise.all(clients.map((client) => client.close()));
  clients = [];
  await relay?.close();
  relay = null;
});

function person(): { id: string; secret: string } {
  return { id: newId(), secret: newSecret() };
}

async function open(boardId: string, options: WorkshopClientOptions): Promise<WorkshopClient> {
  const client = await WorkshopClient.open(relay!.wsUrl, boardId, options);
  clients.push(client);
  return client;
}

describe('presenting', () => {
  it('is set and cleared by the facilitator, and refused from a participant or a view-only link', async () => {
    relay = await startTestRelay({ idleUnloadMs: 100 });
    const boardId = await relay.createBoard('Present');
    const fiona = person();
    const facilitator = await open(boardId, { role: 'facilitate', participant: fiona });
    const watcher = await open(boardId, { participant: person() });

    // A participant presenting himself, and one stopping the facilitator's presentation.
    const malloryId = person();
    const mallory = await open(boardId, { participant: malloryId });
    startPresenting(mallory.doc, malloryId.id, Date.now(), 'local');
    await waitFor(() => mallory.closed !== null, 5_000, 'the relay to refuse a participant presenting');
    expect(mallory.closed?.code).toBe(CLOSE.forbiddenChange);

    startPresenting(facilitator.doc, fiona.id, 1_000, 'local');
    await waitFor(() => readWorkshop(watcher.doc).presenting !== null, 5_000, 'the presentation to reach a participant');
    expect(readWorkshop(watcher.doc).presenting).toEqual({ participantId: fiona.id, at: 1_000 });

    const stopper = await open(boardId, { participant: person() });
    await waitFor(() => readWorkshop(stopper.doc).presenting !== null, 5_000, 'the stopper to sync');
    stopPresenting(stopper.doc, 'local');
    await waitFor(() => stopper.closed !== null, 5_000, 'the relay to refuse a participant stopping it');
    expect(stopper.closed?.code).toBe(CLOSE.forbiddenChange);

    const viewer = await open(boardId, { role: 'view' });
    await waitFor(() => readWorkshop(viewer.doc).presenting !== null, 5_000, 'the viewer to sync');
    // A view-only link's changes are dropped, as it was told on joining.
    startPresenting(viewer.doc, 'viewer', 2_000, 'local');
    await watcher.stored();

    // Nothing of theirs was stored: a fresh reader still sees Fiona presenting, as she set it.
    const reader = await open(boardId, { role: 'view' });
    expect(readWorkshop(reader.doc).presenting).toEqual({ participantId: fiona.id, at: 1_000 });

    stopPresenting(facilitator.doc, 'local');
    await waitFor(() => readWorkshop(watcher.doc).presenting === null, 5_000, 'the presentation to end for everyone');
  });
});
