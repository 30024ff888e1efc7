// The switch's learned MAC table, behind a `MAC table` toggle in the side column. The button is
// always there; the table itself loads on demand the first time it is opened.
import { lazy, Suspense, useId, useState } from 'react';

const MacTable = lazy(() => import('./MacTable'));

export function MacTablePanel() {
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  return (
    <div className="mac-table-panel">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={open ? bodyId : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        MAC table
      </button>
      {open && (
        <div id={bodyId} className="mac-table-body">
          <Suspense
            fallback={
              <p className="explain-note" role="status">
                Loading the MAC table…
              </p>
            }
          >
            <MacTable />
          </Suspense>
        </div>
      )}
    </div>
  );
}
