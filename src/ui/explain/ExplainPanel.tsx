// A collapsible panel of the explaining side (inspector, bucket map, charts): a region named by its
// heading, whose heading is also the button that opens and closes it. Open state lives in the
// explain store, so a lesson or a shared link can open a panel too.
import { useId, type ReactNode } from 'react';
import { useExplain, type ExplainPanel as PanelId } from '../../state/explainStore';

export function ExplainPanel({
  id,
  title,
  actions,
  children,
  className,
}: {
  id: PanelId;
  title: string;
  /** Buttons beside the heading (shown only while open). */
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const open = useExplain((s) => s.panels[id]);
  const setPanel = useExplain((s) => s.setPanel);
  const titleId = useId();
  const bodyId = useId();
  return (
    <section className={`explain-panel ${className ?? ''}`} aria-labelledby={titleId} data-panel={id}>
      <div className="explain-panel-head">
        <h2>
          <button
            type="button"
            id={titleId}
            className="explain-toggle"
            aria-expanded={open}
            aria-controls={bodyId}
            onClick={() => setPanel(id, !open)}
          >
            <svg className="chevron" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
              <path d={open ? 'M2,4 L7,10 L12,4' : 'M4,2 L10,7 L4,12'} fill="none" strokeWidth="2.4" />
            </svg>
            {title}
          </button>
        </h2>
        {open && actions}
      </div>
      <div id={bodyId} className="explain-panel-body" hidden={!open}>
        {open && children}
      </div>
    </section>
  );
}
