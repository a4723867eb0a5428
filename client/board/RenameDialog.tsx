// Changing my display name later, in a modal dialog so focus stays in the form until I
// save or cancel (the native <dialog> traps focus and closes on Escape).
import { NameForm } from './NameForm.tsx';
import { useModalDialog } from '../ui/useModalDialog.ts';

interface RenameDialogProps {
  name: string;
  onSave(name: string): void;
  onCancel(): void;
}

export function RenameDialog({ name, onSave, onCancel }: RenameDialogProps) {
  const dialog = useModalDialog();

  return (
    <dialog
      ref={dialog}
      className="card rename-dialog"
      aria-labelledby="rename-heading"
      // A close that was followed by a new showModal (React's dev double effect) is no cancel.
      onClose={() => {
        if (!dialog.current?.open) onCancel();
      }}
    >
      <h2 id="rename-heading">Change your name</h2>
      <NameForm initialName={name} submitLabel="Save name" onSubmit={onSave}>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </NameForm>
    </dialog>
  );
}
