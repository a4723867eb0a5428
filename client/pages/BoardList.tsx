// The belief list as the live board shows it: the list (board/) with the workshop's and
// the discussion's additions to each row and my private notes above the rows. A chunk of
// its own, loaded as the board opens (pages/onDemandParts.tsx): the canvas is the board's
// first picture, and the list with its virtualiser is a third of the page's own code.
import { BeliefList } from '../board/BeliefList.tsx';
import type { BeliefRowExtras } from '../board/BeliefRow.tsx';
import { DiscussButton } from '../discussion/DiscussButton.tsx';
import { ConvergenceChange } from '../workshop/ConvergenceChange.tsx';
import { PrivateNotesSection } from '../workshop/PrivateNotesSection.tsx';
import { VisitMark } from '../workshop/VisitMark.tsx';

/** Beside the author: "since your last visit", then the way into the discussion, on a line the row already has. */
function RowBadge({ id }: { id: string }) {
  return (
    <>
      <VisitMark id={id} />
      <DiscussButton id={id} />
    </>
  );
}

/** The workshop's and the discussion's additions to every row of the belief list. */
const ROW_EXTRAS: BeliefRowExtras = { Badge: RowBadge, Footer: ConvergenceChange };

export function BoardList({ id }: { id: string }) {
  return <BeliefList id={id} rowExtras={ROW_EXTRAS} privateNotes={(focus) => <PrivateNotesSection {...focus} />} />;
}
