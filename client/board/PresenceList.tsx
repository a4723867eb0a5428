// Who is on the board right now: one entry per person however many tabs they have open,
// me first. My own entry opens the form to change my name; anyone else's follows their view.
import { useState } from 'react';
import type { Identity } from '../state/identity.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { usePeers } from '../state/hooks.ts';
import type { Peer } from '../state/presence.ts';
import { RenameDialog } from './onDemandParts.tsx';

interface Person {
  id: string;
  name: string;
  color: string;
  tabs: number;
}

/**
 * Folds tabs into people; my other tabs count towards me. Someone watching through a
 * view-only link has no participant id (the relay says so in their presence): they are
 * counted, not listed, and cannot be followed.
 */
export function peopleHere(me: Identity, peers: Peer[]): { me: Person; others: Person[]; watching: number } {
  const mine: Person = { id: me.id, name: me.name, color: me.color, tabs: 1 };
  const others = new Map<string, Person>();
  let watching = 0;
  for (const peer of peers) {
    if (peer.user.id === '') {
      watching++;
      continue;
    }
    if (peer.user.id === me.id) {
      mine.tabs++;
      continue;
    }
    const known = others.get(peer.user.id);
    if (known) known.tabs++;
    else others.set(peer.user.id, { ...peer.user, tabs: 1 });
  }
  return { me: mine, others: [...others.values()], watching };
}

function tabsNote(person: Person): string {
  return person.tabs > 1 ? ` (${person.tabs} tabs)` : '';
}

function Avatar({ person }: { person: Person }) {
  return (
    <span className="avatar" style={{ backgroundColor: person.color }} aria-hidden="true">
      {Array.from(person.name.trim())[0]?.toUpperCase() ?? '?'}
    </span>
  );
}

interface PresenceListProps {
  me: Identity;
  onRename(name: string): void;
  /** The person whose view mine follows, if any. */
  followingId: string | null;
  onFollow(person: { id: string; name: string }): void;
}

export function PresenceList({ me, onRename, followingId, onFollow }: PresenceListProps) {
  const peers = usePeers(useEditor().session);
  const [renaming, setRenaming] = useState(false);
  const people = peopleHere(me, peers);
  const count = people.others.length + 1;

  return (
    <section className="presence" aria-label="People here">
      <span className="presence__count">
        {count === 1 ? 'Only you here' : `${count} here`}
        {people.watching > 0 ? `, ${people.watching} watching` : ''}
      </span>
      <ul className="presence__list">
        <li>
          <button
            type="button"
            className="presence__me"
            title={`${people.me.name} (you) — change your name`}
            onClick={() => setRenaming(true)}
          >
            <Avatar person={people.me} />
            <span className="presence__name">
              {people.me.name} (you){tabsNote(people.me)}
              <span className="sr-only"> — change your name</span>
            </span>
          </button>
        </li>
        {people.others.map((person) => (
          <li key={person.id}>
            <button
              type="button"
              className="presence__person"
              title={`${person.name}${tabsNote(person)} — follow their view`}
              aria-pressed={followingId === person.id}
              onClick={() => onFollow(person)}
            >
              <Avatar person={person} />
              <span className="presence__name">
                {person.name}
                {tabsNote(person)}
              </span>
              <span className="sr-only"> — follow their view</span>
            </button>
          </li>
        ))}
      </ul>
      {renaming && (
        <RenameDialog
          name={me.name}
          onCancel={() => setRenaming(false)}
          onSave={(name) => {
            onRename(name);
            setRenaming(false);
          }}
        />
      )}
    </section>
  );
}
