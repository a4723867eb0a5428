// The browser's provider sends only its own presence (client/state/boardProvider.ts): an
// awareness update the provider applied itself is not reported as 'update' (what
// y-websocket sends), while readers still hear every change.
import { applyAwarenessUpdate, encodeAwarenessUpdate, Awareness } from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PresenceAwareness } from '../../client/state/boardProvider.ts';

function colleagueUpdate(): Uint8Array {
  const colleague = new Awareness(new Y.Doc());
  colleague.setLocalState({ user: { name: 'Colleague' } });
  const update = encodeAwarenessUpdate(colleague, [colleague.clientID]);
  colleague.destroy();
  return update;
}

describe('PresenceAwareness', () => {
  it('does not report what the provider applied as an update to send, but readers see the change', () => {
    const presence = new PresenceAwareness(new Y.Doc());
    const provider = { name: 'the provider' };
    presence.sender = provider;
    const updates: unknown[] = [];
    const changes: unknown[] = [];
    presence.on('update', (_changes: unknown, origin: unknown) => updates.push(origin));
    presence.on('change', (_changes: unknown, origin: unknown) => changes.push(origin));

    applyAwarenessUpdate(presence, colleagueUpdate(), provider);
    expect(updates).toEqual([]);
    expect(changes).toEqual([provider]);

    presence.setLocalState({ user: { name: 'Me' } });
    expect(updates).toEqual(['local']);
    presence.destroy();
  });

  it('reports everything until it knows its provider', () => {
    const presence = new PresenceAwareness(new Y.Doc());
    const updates: unknown[] = [];
    presence.on('update', (_changes: unknown, origin: unknown) => updates.push(origin));
    applyAwarenessUpdate(presence, colleagueUpdate(), 'someone');
    expect(updates).toEqual(['someone']);
    presence.destroy();
  });
});
