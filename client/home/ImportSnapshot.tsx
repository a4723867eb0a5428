// "Import snapshot": a JSON snapshot file becomes a NEW board, which opens at once with
// its facilitator link. The file is checked here first, so a wrong file is named without
// a trip to the server; the server checks it again before it builds anything.
import { useId, useState, type ChangeEvent } from 'react';
import { MAX_SNAPSHOT_BYTES } from '../../shared/limits.ts';
import { parseSnapshot } from '../../shared/snapshot/parse.ts';
import { openNewBoard, requestNewBoard } from './createBoardRequest.ts';

async function readSnapshotFile(file: File): Promise<ReturnType<typeof parseSnapshot>> {
  if (file.size > MAX_SNAPSHOT_BYTES) {
    return { ok: false, error: `${file.name} is ${file.size} bytes; a snapshot may be at most ${MAX_SNAPSHOT_BYTES}.` };
  }
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch {
    return { ok: false, error: `${file.name} is not a JSON file, so it is not a Beliefmap snapshot.` };
  }
  return parseSnapshot(json);
}

export function ImportSnapshot() {
  const inputId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const parsed = await readSnapshotFile(file);
      if (!parsed.ok) throw new Error(parsed.error);
      const board = await requestNewBoard(parsed.snapshot);
      openNewBoard(board);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
      // The same file can be chosen again after it is fixed.
      input.value = '';
    }
  };

  return (
    <section className="card import-snapshot" aria-labelledby={`${inputId}-heading`}>
      <h2 id={`${inputId}-heading`}>Import snapshot</h2>
      <p className="muted">A board exported as JSON comes back as a new board, with new links.</p>
      <label htmlFor={inputId}>Snapshot file (.json)</label>
      <input id={inputId} type="file" accept=".json,application/json" disabled={busy} onChange={importFile} />
      {busy && <p role="status">Importing…</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
