// One belief's answers by opinion group, beside the whole team's: a small table of counts
// at each scale point, and whether the belief divides the groups or unites them. Shown
// under the team's figures in the list row; downloaded with the groups, not the page.
import { groupLabel } from '../../shared/groups/groupNames.ts';
import type { BeliefAcrossGroups } from '../../shared/groups/groupConsensus.ts';
import { SCALE } from '../../shared/schema.ts';
import type { Distribution } from '../../shared/stats.ts';
import { formatScalePoint } from '../../shared/scale.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useBeliefStats } from '../state/hooks.ts';

function verdict(figures: BeliefAcrossGroups): string {
  if (figures.divisive) return 'Divisive: groups on opposite sides';
  if (figures.consensus === 'agree') return 'Consensus across groups: every group agrees';
  if (figures.consensus === 'disagree') return 'Consensus across groups: every group disagrees';
  return 'Groups neither split nor agree';
}

function CountsRow({ label, distribution, answered }: { label: string; distribution: Distribution; answered: number }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      {SCALE.map((point) => (
        <td key={point}>{distribution[point]}</td>
      ))}
      <td>{answered}</td>
    </tr>
  );
}

export function GroupFigures({ id, figures }: { id: string; figures: BeliefAcrossGroups }) {
  const { session } = useEditor();
  const team = useBeliefStats(session, id);
  // Withheld with the team's figures until the belief has enough answers (an anonymous level).
  if (session.stats.answers(id).withheld) return null;
  const flag = figures.divisive ? 'divisive' : figures.consensus ? 'consensus' : 'neither';
  return (
    <div className="group-figures" data-group-figures={flag}>
      <p className={`group-figures__verdict group-figures__verdict--${flag}`}>{verdict(figures)}</p>
      <table className="group-figures__table">
        <caption className="sr-only">Answers by opinion group, from strongly disagree to strongly agree</caption>
        <thead>
          <tr>
            <th scope="col">Who</th>
            {SCALE.map((point) => (
              <th key={point} scope="col">
                {formatScalePoint(point)}
              </th>
            ))}
            <th scope="col">n</th>
          </tr>
        </thead>
        <tbody>
          {figures.groups.map((group, index) => (
            <CountsRow key={index} label={groupLabel(index)} distribution={group.distribution} answered={group.answered} />
          ))}
          <CountsRow label="Team" distribution={team.distribution} answered={team.n} />
        </tbody>
      </table>
    </div>
  );
}
