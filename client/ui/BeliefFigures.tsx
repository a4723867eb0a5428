// The team's numbers for one belief, as text a screen reader reads in order: n, passes,
// mean, convergence with its badge, polarized, and the whole distribution — a mean of 0
// can hide a 50/50 split, the distribution cannot.
import { useCallback, useSyncExternalStore } from 'react';
import { withheldText } from '../../shared/anonymity.ts';
import { formatConvergence } from '../../shared/stats.ts';
import { BADGE_WORDS, formatDistribution, formatMean } from '../../shared/statsText.ts';
import { useBeliefStats } from '../state/hooks.ts';
import { useSealedAnswerCount } from '../state/roundHooks.ts';
import { SealedFigures } from './SealedFigures.tsx';
import { useEditor } from '../editor/EditorContext.tsx';

export function BeliefFigures({ id }: { id: string }) {
  const { session } = useEditor();
  const stats = useBeliefStats(session, id);
  // Under an anonymous level, a belief with fewer answers than the minimum shows only how
  // many it has (its figures, read from the stats index, are empty then). A string, so the
  // page follows the count while the figures stay the same empty ones.
  const withheld = useSyncExternalStore(
    useCallback((listener: () => void) => session.stats.subscribe(id, listener), [session, id]),
    () => {
      const answers = session.stats.answers(id);
      return answers.withheld ? withheldText(answers.count, answers.minAnswers) : null;
    },
  );
  // In an open round even the positions already on the board stay hidden: no anchoring.
  const sealedAnswers = useSealedAnswerCount(session, id);
  if (sealedAnswers !== null) return <SealedFigures id={id} answered={sealedAnswers} />;
  if (withheld !== null) {
    return (
      <p className="belief-figures belief-figures--withheld" data-figure="withheld">
        {withheld}
      </p>
    );
  }
  const convergence =
    stats.convergence === null ? BADGE_WORDS['too-few'] : `${formatConvergence(stats.convergence)} ${BADGE_WORDS[stats.badge]}`;

  return (
    <dl className="belief-figures">
      <Figure name="n" term="n" value={String(stats.n)} />
      <Figure name="pass" term="Passes" value={String(stats.passCount)} />
      <Figure name="mean" term="Mean" value={stats.mean === null ? 'none' : formatMean(stats.mean)} />
      <Figure name="convergence" term="Convergence" value={convergence} />
      <Figure name="polarized" term="Polarized" value={stats.polarized ? 'yes' : 'no'} />
      <Figure name="distribution" term="Distribution" value={formatDistribution(stats.distribution)} wide />
    </dl>
  );
}

function Figure({ name, term, value, wide }: { name: string; term: string; value: string; wide?: boolean }) {
  return (
    <div className={wide ? 'belief-figures__item belief-figures__item--wide' : 'belief-figures__item'}>
      <dt>{term}</dt>
      <dd data-figure={name}>{value}</dd>
    </div>
  );
}
