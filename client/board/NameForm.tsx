// Asks for the display name the others will see on my notes, cursor and presence.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { MAX_DISPLAY_NAME } from '../../shared/limits.ts';

interface NameFormProps {
  initialName?: string;
  submitLabel: string;
  onSubmit(name: string): void;
  /** Extra buttons beside the submit button (Cancel). */
  children?: ReactNode;
}

export function NameForm({ initialName = '', submitLabel, onSubmit, children }: NameFormProps) {
  const id = useId();
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError('Write a name, so the others know who wrote what.');
      return;
    }
    onSubmit(trimmed);
  };

  return (
    <form className="name-form" onSubmit={submit} noValidate>
      <label htmlFor={id}>Your name</label>
      <input
        id={id}
        type="text"
        autoComplete="nickname"
        autoFocus
        required
        maxLength={MAX_DISPLAY_NAME}
        value={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => {
          setName(e.target.value);
          setError(null);
        }}
      />
      {error && (
        <p id={`${id}-error`} role="alert" className="error">
          {error}
        </p>
      )}
      <div className="name-form__buttons">
        <button type="submit" className="button button--primary">
          {submitLabel}
        </button>
        {children}
      </div>
    </form>
  );
}
