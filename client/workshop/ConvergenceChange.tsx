// In a belief's list row, after two revealed rounds: how its convergence changed from the
// previous round to the latest, "convergence 0.43 → 0.81 (+0.38)".
import { describeConvergenceChange } from './movement.ts';
import { useConvergenceChange } from './useMovement.ts';

export function ConvergenceChange({ id }: { id: string }) {
  const change = useConvergenceChange(id);
  if (!change) return null;
  return (
    <p className="belief-row__change" data-figure="convergence-change">
      {describeConvergenceChange(change.before, change.after)}
    </p>
  );
}
