// The event log (loaded on demand; the caption above it is in Caption.tsx): up to 20,000 recent
// decisions, newest first, virtualised (only the rows in view are in the page), filterable by action,
// node and connection, following the run or staying put while someone reads. While the run plays
// fast it follows a few times a second (useThrottled.ts), not on every batch of the simulation.
import {
  memo,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import { decisionText } from '../../sim/decisionText';
import type { Decision } from '../../sim/types';
import {
  ACTIONS,
  HISTORY_CAP,
  matchesFilters,
  readable,
  useExplain,
  type ActionFilter,
} from '../../state/explainStore';
import { useLab } from '../../state/store';
import { MAX_DECISIONS_PER_BATCH } from '../../worker/protocol';
import './explain.css';
import { formatTimestamp } from '../../scenario/simTime';
import { ActionTag } from './ActionTag';
import { actionCounts } from './actionCounts';
import { usePlayingFast, useThrottled } from '../common/useThrottled';

/** Height of one log row (px): two lines of text. Must match `.log-row` in explain.css. */
export const LOG_ROW_HEIGHT = 40;
/** Rows drawn above and below the visible ones, so fast scrolling never shows a gap. */
const OVERSCAN = 6;
/**
 * How often (wall ms) the log follows a fast run: 4 times a second still scrolls by, where every
 * batch replaced all the rows in view (and says so: it lists too few of them to read at that speed).
 */
const LOG_FOLLOW_WALL_MS = 250;

/** One decision. Memoised: while someone reads (or the run is paused), a batch only adds rows. */
const LogRow = memo(function LogRow({
  d,
  index,
  total,
  nodeName,
  selected,
  onInspect,
}: {
  d: Decision;
  index: number;
  total: number;
  nodeName: string;
  selected: boolean;
  onInspect: (frameId: number) => void;
}) {
  const textId = useId();
  const text = readable(decisionText(d));
  return (
    <li
      className={`log-row${selected ? ' selected' : ''}`}
      style={{ top: index * LOG_ROW_HEIGHT }}
      aria-setsize={total}
      aria-posinset={index + 1}
      aria-current={selected ? 'true' : undefined}
      data-index={index}
    >
      <span className="num time">{formatTimestamp(d.t)}</span>
      <ActionTag action={d.action} />
      <span className="log-text" id={textId} title={text}>
        {d.connId > 0 && <span className="log-conn">#{d.connId}</span>}
        {text}
      </span>
      {d.frameId > 0 ? (
        <button
          type="button"
          className="inspect"
          aria-describedby={textId}
          aria-pressed={selected}
          onClick={() => onInspect(d.frameId)}
          title={`Inspect frame ${d.frameId} (${nodeName})`}
        >
          Inspect
        </button>
      ) : (
        <span className="inspect-none" />
      )}
    </li>
  );
});

/**
 * The connection filter on its own: an <input type=number> that React renders again gets its type
 * and name written again (a DOM change each), so it renders only when its value changes.
 */
const ConnectionFilter = memo(function ConnectionFilter({
  connId,
  setFilters,
}: {
  connId: number | null;
  setFilters: (patch: { connId: number | null }) => void;
}) {
  return (
    <label className="log-filter log-filter-conn">
      <span>Connection</span>
      <input
        type="number"
        min={1}
        step={1}
        inputMode="numeric"
        placeholder="all"
        aria-label="Filter by connection"
        value={connId ?? ''}
        onChange={(e) => {
          const n = Number.parseInt(e.target.value, 10);
          setFilters({ connId: Number.isFinite(n) && n > 0 ? n : null });
        }}
      />
    </label>
  );
});

export function EventLog() {
  const liveHistory = useExplain((s) => s.history);
  const liveNotListed = useExplain((s) => s.notListed);
  const live = useMemo(
    () => ({ history: liveHistory, notListed: liveNotListed }),
    [liveHistory, liveNotListed],
  );
  const { history, notListed } = useThrottled(live, LOG_FOLLOW_WALL_MS, usePlayingFast());
  const trimmed = useExplain((s) => s.trimmed);
  const filters = useExplain((s) => s.filters);
  const follow = useExplain((s) => s.follow);
  const setFilters = useExplain((s) => s.setFilters);
  const clearFilters = useExplain((s) => s.clearFilters);
  const setFollow = useExplain((s) => s.setFollow);
  const topology = useLab((s) => s.topology);
  const selected = useLab((s) => s.selectedFrameId);
  const selectPacket = useLab((s) => s.selectPacket);
  const titleId = useId();
  const countId = useId();

  const names = useMemo(() => new Map((topology?.nodes ?? []).map((n) => [n.id, n.name])), [topology]);
  const filtered = filters.action !== 'all' || filters.node !== 'all' || filters.connId !== null;
  // Unfiltered, the rows are the history itself (up to 20,000 decisions, not copied at every batch).
  const rows = useMemo(
    () => (filtered ? history.filter((d) => matchesFilters(d, filters)) : history),
    [history, filters, filtered],
  );
  const counts = useMemo(() => actionCounts(history), [history]);
  const total = rows.length;

  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(200);
  const focusInside = useRef(false);
  const newestSeq = useRef<number>(-1);
  /** The scroller's scrollTop (px) as its scroll events and our own writes left it. */
  const scrollTopRef = useRef(0);

  /** Scrolls to `top` (px) and draws the rows there now, without waiting for the scroll event. */
  const scrollTo = useCallback((el: HTMLElement, top: number) => {
    el.scrollTop = top;
    scrollTopRef.current = top;
    setScrollTop(top);
  }, []);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const observer = new ResizeObserver((entries) => {
      const h = entries[0]?.contentRect.height;
      if (h) setViewHeight(h);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // New rows arrive at the top. Following: stay at the top. Reading (or using a row's button): keep
  // the same rows in view by scrolling down by as many rows as arrived. The scroll position comes
  // from scroll events (scrollTopRef), never read here: reading scrollTop right after React changed
  // the list forces a layout on every update (issue 15). Following at the top, nothing is written either.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const previous = newestSeq.current;
    newestSeq.current = rows.length > 0 ? rows[rows.length - 1]!.seq : -1;
    if (!el) return;
    if (follow && !focusInside.current) {
      if (scrollTopRef.current !== 0) scrollTo(el, 0);
      return;
    }
    let added = 0;
    for (let i = rows.length - 1; i >= 0 && rows[i]!.seq > previous; i--) added++;
    if (previous >= 0 && added > 0 && added < rows.length) {
      // Clamped as the browser would (its scroll event will not come when nothing moved).
      const max = Math.max(0, rows.length * LOG_ROW_HEIGHT - viewHeight);
      scrollTo(el, Math.min(max, scrollTopRef.current + added * LOG_ROW_HEIGHT));
    }
  }, [rows, follow, scrollTo, viewHeight]);

  // Changing the filters shows their newest matches.
  useEffect(() => {
    if (scrollRef.current) scrollTo(scrollRef.current, 0);
  }, [filters, scrollTo]);

  // Arrow keys on an Inspect button move to the next or previous line that has one, scrolling it in
  // (it may not be drawn yet: the list is virtualised).
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const row = (e.target as HTMLElement).closest<HTMLElement>('.log-row');
    const el = scrollRef.current;
    if (!row || !el || !(e.target instanceof HTMLButtonElement)) return;
    const step = e.key === 'ArrowDown' ? 1 : -1;
    let i = Number(row.dataset.index) + step;
    while (i >= 0 && i < total && !(rows[total - 1 - i]!.frameId > 0)) i += step;
    if (i < 0 || i >= total) return;
    e.preventDefault();
    const top = i * LOG_ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + LOG_ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = top + LOG_ROW_HEIGHT - el.clientHeight;
    const target = i;
    requestAnimationFrame(() =>
      el.querySelector<HTMLButtonElement>(`.log-row[data-index="${target}"] button.inspect`)?.focus(),
    );
  };

  // A scroll event is the one place the position is read: the browser has laid out by then.
  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const top = el.scrollTop;
    scrollTopRef.current = top;
    setScrollTop(top);
    // Scrolling away from the newest means the reader wants the log to stay put.
    if (useExplain.getState().follow && top > LOG_ROW_HEIGHT / 2) setFollow(false);
  }, [setFollow]);

  const first = Math.max(0, Math.floor(scrollTop / LOG_ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total, Math.ceil((scrollTop + viewHeight) / LOG_ROW_HEIGHT) + OVERSCAN);
  const visible: { d: Decision; index: number }[] = [];
  for (let i = first; i < last; i++) visible.push({ d: rows[total - 1 - i]!, index: i });

  const nodes = topology?.nodes ?? [];

  return (
    <section className="event-log" aria-labelledby={titleId}>
      <div className="event-log-head">
        <h2 id={titleId}>Event log</h2>
        <label className="log-filter">
          <span>Action</span>
          <select
            aria-label="Filter by action"
            value={filters.action}
            onChange={(e) => setFilters({ action: e.target.value as ActionFilter })}
          >
            <option value="all">all actions</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a} ({counts.get(a) ?? 0})
              </option>
            ))}
          </select>
        </label>
        <label className="log-filter">
          <span>Node</span>
          <select
            aria-label="Filter by node"
            value={filters.node}
            onChange={(e) => setFilters({ node: e.target.value })}
          >
            <option value="all">all nodes</option>
            {nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
              </option>
            ))}
          </select>
        </label>
        <ConnectionFilter connId={filters.connId} setFilters={setFilters} />
        {filtered && (
          <button type="button" className="quiet small" onClick={clearFilters}>
            Clear filters
          </button>
        )}
        <button
          type="button"
          className={`quiet small follow${follow ? ' on' : ''}`}
          aria-pressed={follow}
          onClick={() => {
            setFollow(!follow);
            if (!follow && scrollRef.current) scrollTo(scrollRef.current, 0);
          }}
        >
          Follow
        </button>
        <span
          className="log-count num"
          id={countId}
          title={
            [
              trimmed > 0 ? `The log keeps the latest ${HISTORY_CAP} decisions.` : '',
              notListed > 0
                ? `While playing, the log lists at most the newest ${MAX_DECISIONS_PER_BATCH} decisions of each update from the simulation; at high speed the rest are counted here instead.`
                : '',
            ]
              .filter(Boolean)
              .join(' ') || undefined
          }
        >
          {filtered ? `${total} of ${history.length}` : `${history.length} lines`}
          {notListed > 0 && (
            <span className="log-not-listed">
              {' '}
              · {notListed.toLocaleString('en')} not listed (too fast to list them all: lower the Speed)
            </span>
          )}
        </span>
      </div>
      {/* Focusable so keyboard users can scroll it. Not a live region: it changes too fast to read aloud. */}
      <div
        className="event-log-scroll"
        ref={scrollRef}
        tabIndex={0}
        role="group"
        aria-label="Decisions, newest first"
        aria-describedby={countId}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        onFocus={() => {
          focusInside.current = true;
        }}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) focusInside.current = false;
        }}
      >
        {total === 0 ? (
          <p className="empty">
            {history.length === 0 ? 'No events yet.' : 'No events match these filters.'}
          </p>
        ) : (
          <ol className="log-rows" style={{ height: total * LOG_ROW_HEIGHT }}>
            {visible.map(({ d, index }) => (
              <LogRow
                key={d.seq}
                d={d}
                index={index}
                total={total}
                nodeName={names.get(d.node) ?? d.node}
                selected={d.frameId > 0 && d.frameId === selected}
                onInspect={selectPacket}
              />
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
