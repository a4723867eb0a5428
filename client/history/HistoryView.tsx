// The board's History (docs/history.md): a timeline of every stored moment — scrub it with
// the slider (arrows step, Home and End go to the ends, each moment read out with its date,
// time and what happened), jump to a round, replay at 10×, pin a moment to compare it with
// another side by side, and restore a belief that was on the map then and is deleted now.
// The maps themselves are drawn by the page (`Maps`), with the canvas's own code, from
// documents this view makes out of the history; nothing here changes the board but
// Restore, which goes through the live editor and so through the relay's rules.
import { useEffect, useMemo, useRef, useState, type ComponentType, type KeyboardEvent } from 'react';
import type * as Y from 'yjs';
import { listBeliefs, listDeletedBeliefs } from '../../shared/model.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useBeliefsVersion } from '../state/hooks.ts';
import { REPLAY_SPEED, REPLAY_TICK_MS, replayStep, type ReplayPosition } from './replay.ts';
import { useBoardHistory, type LoadedHistory } from './useBoardHistory.ts';

export interface MomentMap {
  /** Stable for the moment shown, so the page keeps one map per slot. */
  slot: 'then' | 'now';
  doc: Y.Doc;
  /** The moment in words: its date, time and what happened. */
  label: string;
}

export interface MomentMapsProps {
  /** One map, or two to compare: the earlier first; the later one draws each belief's movement since. */
  maps: MomentMap[];
  /** Whether the moment's belief list shows beside one map (not while replaying: a list per moment would redo its figures and groups ten times a second). */
  listed: boolean;
}

export function HistoryView({ Maps }: { Maps: ComponentType<MomentMapsProps> }) {
  const editor = useEditor();
  // The history is the board as it was when loaded; the live board goes on meanwhile.
  const [generation, setGeneration] = useState(0);
  const load = useBoardHistory(editor.session.boardId, generation);
  const close = () => editor.historyOpen.set(false);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    close();
  };
  return (
    <section className="history" aria-label="History" onKeyDown={onKeyDown}>
      <div className="history__bar">
        <h2 className="history__title">History</h2>
        <button type="button" className="button button--quiet" onClick={() => setGeneration((was) => was + 1)} disabled={load.phase === 'loading'}>
          Load newer changes
        </button>
        <button type="button" className="button" onClick={close} title="Back to the live board (Escape)">
          Back to the live board
        </button>
      </div>
      {load.phase === 'loading' && (
        <p role="status" className="history__status">
          Loading the board's history… {load.moments} moments, {Math.round(load.logBytes / 1024)} KB of changes
        </p>
      )}
      {load.phase === 'failed' && (
        <p role="alert" className="notice">
          The history could not be loaded: {load.reason}
        </p>
      )}
      {load.phase === 'ready' && <Timeline loaded={load} Maps={Maps} />}
    </section>
  );
}

function momentLabel(at: number, line: string): string {
  return `${new Date(at).toLocaleString()} — ${line}`;
}

function Timeline({ loaded, Maps }: { loaded: LoadedHistory; Maps: ComponentType<MomentMapsProps> }) {
  const { history, lines, events } = loaded;
  const moments = history.moments;
  const last = moments.length - 1;
  const [index, setIndex] = useState(last);
  const [pinned, setPinned] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const sliderRef = useRef<HTMLInputElement>(null);
  // A moment's document has no provider or listener of its own: once no map shows it, it
  // is garbage like any object (the maps' sessions stop their presence timers themselves).
  const doc = useMemo(() => history.docAt(index), [history, index]);
  const pinnedDoc = useMemo(() => (pinned === null ? null : history.docAt(pinned)), [history, pinned]);
  const times = useMemo(() => moments.map((moment) => moment.at), [moments]);
  const rounds = useMemo(
    () =>
      events.flatMap((each, at) =>
        each.flatMap((event) =>
          event.kind === 'round-opened' || event.kind === 'round-revealed'
            ? [{ at, text: `Round ${event.round} ${event.kind === 'round-opened' ? 'opened' : 'revealed'}` }]
            : [],
        ),
      ),
    [events],
  );

  // The replay starts from the moment shown when Replay is pressed, and runs on its own clock.
  useEffect(() => {
    if (!playing) return;
    let position: ReplayPosition = { index, clock: times[index] };
    let before = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      position = replayStep(times, position, now - before);
      before = now;
      setIndex(position.index);
      if (position.index >= times.length - 1) setPlaying(false);
    }, REPLAY_TICK_MS);
    return () => clearInterval(timer);
  }, [playing, times]);

  // The timeline takes the keyboard once it is here: arrows step, Home and End go to the ends.
  useEffect(() => sliderRef.current?.focus(), []);

  const step = (by: number) => {
    setPlaying(false);
    setIndex((at) => Math.max(0, Math.min(last, at + by)));
  };
  const label = momentLabel(moments[index].at, lines[index]);
  let maps: MomentMap[] = [{ slot: 'now', doc, label }];
  if (pinned !== null && pinnedDoc) {
    const pinnedLabel = momentLabel(moments[pinned].at, lines[pinned]);
    const [then, later] = pinned <= index ? [[pinnedDoc, pinnedLabel], [doc, label]] as const : [[doc, label], [pinnedDoc, pinnedLabel]] as const;
    maps = [
      { slot: 'then', doc: then[0], label: `Then: ${then[1]}` },
      { slot: 'now', doc: later[0], label: `Later: ${later[1]}` },
    ];
  }
  return (
    <>
      <div className="history__timeline">
        <label className="history__slider">
          <span className="sr-only">Moment</span>
          <input
            ref={sliderRef}
            type="range"
            min={0}
            max={last}
            step={1}
            value={index}
            aria-valuetext={`Moment ${index + 1} of ${moments.length}: ${label}`}
            onChange={(event) => {
              setPlaying(false);
              setIndex(Number(event.target.value));
            }}
          />
        </label>
        <p className="history__moment" data-testid="history-moment" data-index={index}>
          <span>
            Moment {index + 1} of {moments.length}
          </span>{' '}
          · <time dateTime={new Date(moments[index].at).toISOString()}>{new Date(moments[index].at).toLocaleString()}</time> · {lines[index]}
        </p>
        <div className="history__controls" role="group" aria-label="Timeline controls">
          <button type="button" className="button" onClick={() => step(-1)} disabled={index === 0} title="The moment before (←)">
            Earlier
          </button>
          <button type="button" className="button" onClick={() => step(1)} disabled={index === last} title="The moment after (→)">
            Later
          </button>
          <button
            type="button"
            className="button"
            aria-pressed={playing}
            onClick={() => {
              if (!playing && index === last) setIndex(0);
              setPlaying((was) => !was);
            }}
          >
            {playing ? 'Pause' : `Replay at ${REPLAY_SPEED}×`}
          </button>
          <button
            type="button"
            className="button"
            aria-pressed={pinned !== null}
            onClick={() => setPinned((was) => (was === null ? index : null))}
            title={pinned === null ? 'Keep this moment beside the one you move to, with each belief’s movement drawn' : 'Show one moment again'}
          >
            {pinned === null ? 'Compare with this moment' : 'Stop comparing'}
          </button>
          {rounds.map((round) => (
            <button key={`${round.at}:${round.text}`} type="button" className="button button--quiet" onClick={() => (setPlaying(false), setIndex(round.at))}>
              {round.text}
            </button>
          ))}
        </div>
      </div>
      <div className="history__body">
        <Maps maps={maps} listed={maps.length === 1 && !playing} />
        <DeletedSince doc={doc} />
      </div>
    </>
  );
}

/** Beliefs on the map at the moment shown that are deleted now: each can be put back, through the live board. */
function DeletedSince({ doc }: { doc: Y.Doc }) {
  const editor = useEditor();
  const { session } = editor;
  useBeliefsVersion(session);
  const deletedNow = new Map(listDeletedBeliefs(session.doc).map((belief) => [belief.id, belief]));
  const candidates = listBeliefs(doc).filter((belief) => deletedNow.has(belief.id));
  if (candidates.length === 0) return null;
  return (
    <section className="history__deleted" aria-label="Deleted since this moment">
      <h3>On the map then, deleted since</h3>
      <ul>
        {candidates.map((belief) => {
          const may = editor.mayDelete(deletedNow.get(belief.id)!.authorId);
          return (
            <li key={belief.id}>
              <span className="history__deleted-text">{belief.text || 'An empty belief'}</span>{' '}
              <button
                type="button"
                className="button button--quiet"
                disabled={!may}
                title={may ? 'Put it back on the live board with every position' : 'Only its author or the facilitator can restore it'}
                onClick={() => editor.restore([belief.id])}
              >
                Restore
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
