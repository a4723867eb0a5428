// One action: its status as a checkbox (for those who may change it: its author, the
// person it is for, a facilitator), what, who, by when, and a way to remove it.
import { actionOwnerName, type BeliefAction } from '../../shared/beliefActions.ts';
import type { DiscussionEditor } from '../editor/discussion.ts';
import type { NameOf } from './people.ts';

interface ActionItemProps {
  action: BeliefAction;
  discussion: DiscussionEditor;
  nameOf: NameOf;
  /** The belief it is on, when the list mixes beliefs (the Actions panel): a button to its discussion. */
  belief?: { text: string; open(): void };
}

export function ActionItem({ action, discussion, nameOf, belief }: ActionItemProps) {
  const may = discussion.mayChangeAction(action);
  const who = actionOwnerName(action, nameOf);
  const done = action.status === 'done';
  return (
    <li className="action-item" data-action-id={action.id} data-status={action.status}>
      <label className="action-item__status">
        <input
          type="checkbox"
          checked={done}
          disabled={!may}
          title={may ? undefined : 'Only who added it, who it is for, or the facilitator can change it'}
          onChange={() => discussion.updateAction(action.id, { status: done ? 'open' : 'done' })}
        />
        <span className="action-item__text">{action.text}</span>
      </label>
      <span className="action-item__detail">
        {who ? ` — ${who}` : ' — nobody yet'}
        {action.due ? `, by ${action.due}` : ''}
        {done ? ' (done)' : ''}
      </span>
      {belief && (
        <button type="button" className="button button--quiet action-item__belief" onClick={belief.open} title="Open this belief's discussion">
          on “{belief.text.trim() === '' ? 'an empty note' : belief.text.slice(0, 60)}”
        </button>
      )}
      {may && (
        <button type="button" className="button button--quiet" aria-label={`Remove action: ${action.text}`} onClick={() => discussion.removeAction(action.id)}>
          Remove
        </button>
      )}
    </li>
  );
}
