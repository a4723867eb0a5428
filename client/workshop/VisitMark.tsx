// A belief's "New", "Changed", "New comments" or "Mentioned you" badge in the list, since
// this browser's last visit.
import { useVisitMark } from './sinceLastVisit.ts';

const WORDS = { new: 'New', changed: 'Changed', commented: 'New comments', mentioned: 'Mentioned you' } as const;

export function VisitMark({ id }: { id: string }) {
  const mark = useVisitMark(id);
  if (!mark) return null;
  return (
    <span className="visit-mark" data-visit-mark={mark} title="Since your last visit">
      {WORDS[mark]}
      <span className="sr-only"> since your last visit</span>
    </span>
  );
}
