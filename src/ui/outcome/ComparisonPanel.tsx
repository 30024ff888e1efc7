// The `Comparison` region: the same batch of connections from a backend to its own VIP, through every
// load balancer the engine models, counted by the engine (src/sim/comparison.ts, run in the worker as
// long work with progress and Cancel). One row per balancer; results stay until the next comparison
// and say so when the scenario has changed since. Loaded on demand (App.tsx).
import { useId, useState } from 'react';
import { isComparisonStale } from '../../state/lab/comparisonSlice';
import type { ComparisonResult } from '../../state/lab/labState';
import { useLab } from '../../state/store';
import type { ComparisonRow } from '../../sim/comparison';
import { COMPARISON_DEFAULT, COMPARISON_MAX, COMPARISON_MIN, comparisonSetup } from '../../worker/protocol';
import { formatCount } from '../common/format';
import './comparison.css';

function parseCount(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= COMPARISON_MIN && n <= COMPARISON_MAX ? n : null;
}

/** A share as a whole percent with a space (`33 %`); under 1 but not 0 is `<1 %`. */
function percent(part: number, whole: number): string {
  if (whole <= 0) return '0 %';
  const p = (part / whole) * 100;
  if (p > 0 && p < 1) return '<1 %';
  if (p < 100 && p > 99) return '>99 %';
  return `${Math.round(p)} %`;
}

/** What MODERN.md leads one to expect, in words: "all by itself", "≈ 1 in 3 fail (33 %)", "none fail". */
function expectedText(row: ComparisonRow): string {
  switch (row.expectation) {
    case 'allSelf':
      return 'all by itself';
    case 'noneFail':
      return 'none fail';
    case 'oneInNFail': {
      const n = row.expectedFailShare > 0 ? Math.round(1 / row.expectedFailShare) : 0;
      return `≈ 1 in ${n} fail (${Math.round(row.expectedFailShare * 100)} %)`;
    }
  }
}

/**
 * Whether the measured row agrees with the expectation: all served by the caller itself; no
 * failures; or a failure share within a generous band around 1/N (five standard deviations of a
 * binomial count, and at least 5 points), as a hash or random pick gives over many connections.
 */
function matches(row: ComparisonRow): boolean {
  switch (row.expectation) {
    case 'allSelf':
      return row.servedBySelf === row.connections && row.failed === 0;
    case 'noneFail':
      return row.failed === 0;
    case 'oneInNFail': {
      const p = row.expectedFailShare;
      const n = Math.max(1, row.connections);
      const band = Math.max(0.05, 5 * Math.sqrt((p * (1 - p)) / n));
      return Math.abs(row.failed / n - p) <= band;
    }
  }
}

function statusText(result: ComparisonResult | null, asked: boolean): string {
  if (result?.state === 'running')
    return `Comparing: ${result.rows.length} of ${result.total} load balancers done…`;
  if (asked) return 'Starting the comparison (after the work in progress)…';
  if (!result) return '';
  const { setup } = result;
  const what = `${formatCount(setup.connections)} connections from ${setup.hostName} (${setup.backends} backend${setup.backends === 1 ? '' : 's'})`;
  if (result.state === 'stopped')
    return `Stopped after ${result.rows.length} of ${result.total} load balancers (${what}): the rows below are the ones it finished.`;
  return `Compared ${result.rows.length} load balancers, ${what} through each.`;
}

function Row({ row }: { row: ComparisonRow }) {
  const ok = matches(row);
  return (
    <tr className={ok ? undefined : 'differs'}>
      <th scope="row">{row.name}</th>
      <td className="numeric num">{formatCount(row.servedBySelf)}</td>
      <td className="numeric num">{formatCount(row.servedByOther)}</td>
      <td className={`numeric num${row.failed > 0 ? ' failing' : ''}`}>
        <span>{formatCount(row.failed)}</span>{' '}
        <span className="comparison-share">({percent(row.failed, row.connections)})</span>
      </td>
      <td className="numeric num">{formatCount(row.framesOnWire)}</td>
      <td>
        {row.mechanism}: {row.mechanismName}
      </td>
      <td>
        <span className="comparison-expected">{expectedText(row)}</span>
        <span className={`comparison-match ${ok ? 'ok' : 'off'}`}>
          <span aria-hidden="true">{ok ? '✓ ' : '⚠ '}</span>
          {ok ? 'matches' : 'differs'}
        </span>
      </td>
      <td className="comparison-source">
        {row.source}
        {row.illustrative !== null && (
          <span className="comparison-illustrative">illustrative: {row.illustrative}</span>
        )}
      </td>
    </tr>
  );
}

export function ComparisonPanel() {
  const comparison = useLab((s) => s.comparison);
  const asked = useLab((s) => s.comparisonAsked);
  const config = useLab((s) => s.scenario);
  const compare = useLab((s) => s.compareBalancers);
  const stop = useLab((s) => s.stopComparison);
  const open = useLab((s) => s.comparisonOpen);
  const setOpen = useLab((s) => s.setComparisonOpen);
  const bodyId = useId();
  const [text, setText] = useState(String(COMPARISON_DEFAULT));
  const [showError, setShowError] = useState(false);
  const titleId = useId();
  const inputId = useId();
  const errorId = useId();
  const whatId = useId();
  const staleId = useId();
  const tableTitleId = useId();

  const count = parseCount(text);
  const next = comparisonSetup(config, count ?? COMPARISON_DEFAULT);
  const running = comparison?.state === 'running';
  const busy = running || asked;
  const stale = comparison !== null && !running && isComparisonStale(comparison, config);
  const rows = comparison?.rows ?? [];

  const body = (
    <>
      <p id={whatId} className="comparison-what">
        {formatCount(count ?? COMPARISON_DEFAULT)} connections from {next.hostName} to its own VIP, through
        each load balancer ({next.backends} backend{next.backends === 1 ? '' : 's'}, a fresh run for each).
      </p>
      <form
        className="comparison-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (count === null) {
            setShowError(true);
            return;
          }
          setShowError(false);
          compare(count);
        }}
      >
        <div className="field">
          <label htmlFor={inputId}>Calls per balancer</label>
          <input
            id={inputId}
            type="number"
            inputMode="numeric"
            min={COMPARISON_MIN}
            max={COMPARISON_MAX}
            step={1}
            value={text}
            aria-invalid={count === null}
            aria-describedby={count === null && showError ? errorId : undefined}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <button type="submit" className="primary" disabled={busy} aria-describedby={whatId}>
          Compare load balancers
        </button>
        {running && (
          <button type="button" onClick={stop}>
            Stop comparing
          </button>
        )}
      </form>
      {count === null && showError && (
        <p id={errorId} className="field-error static">
          Enter a whole number from {COMPARISON_MIN} to {COMPARISON_MAX.toLocaleString('en')}
        </p>
      )}
      <p className="comparison-status" role="status">
        {statusText(comparison, asked)}
      </p>
      {stale && (
        <p id={staleId} className="comparison-stale">
          <span aria-hidden="true">⚠ </span>
          Stale: the scenario has changed since these results. Compare again to update them.
        </p>
      )}
      {rows.length > 0 && (
        <h3 id={tableTitleId} className="comparison-table-title">
          Load balancers compared
        </h3>
      )}
      {rows.length > 0 && (
        <div
          className={`comparison-scroll${stale ? ' is-stale' : ''}`}
          role="region"
          aria-label="Results per load balancer (scrolls sideways)"
          tabIndex={0}
        >
          <table
            className="comparison-table"
            aria-labelledby={tableTitleId}
            aria-describedby={stale ? staleId : undefined}
          >
            <thead>
              <tr>
                <th scope="col">Load balancer</th>
                <th scope="col" className="numeric">
                  Served by itself
                </th>
                <th scope="col" className="numeric">
                  Served by another backend
                </th>
                <th scope="col" className="numeric">
                  Failed
                </th>
                <th scope="col" className="numeric">
                  Frames on the wire
                </th>
                <th scope="col">Mechanism</th>
                <th scope="col">Expected</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <Row key={row.name} row={row} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );

  return (
    <section className="comparison" aria-labelledby={titleId}>
      <h2>
        <button
          type="button"
          id={titleId}
          className="comparison-toggle"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen(!open)}
        >
          <svg className="chevron" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
            <path d={open ? 'M2,4 L7,10 L12,4' : 'M4,2 L10,7 L4,12'} fill="none" strokeWidth="2.4" />
          </svg>
          Comparison
        </button>
        {!open && comparison !== null && (
          <span className="comparison-closed-note">
            {comparison.state === 'running'
              ? `comparing, ${comparison.rows.length} of ${comparison.total}`
              : stale
                ? 'results (stale)'
                : 'results'}
          </span>
        )}
      </h2>
      <div id={bodyId} hidden={!open}>
        {open && body}
      </div>
    </section>
  );
}
