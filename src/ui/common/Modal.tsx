// A modal dialog on the native <dialog> element: it takes focus, keeps Tab inside, closes on Escape
// and gives focus back to the button that opened it. Named by its heading.
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function Modal({
  title,
  onClose,
  children,
  className,
  wide,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  /**
   * `close` events still to come from closes this component made itself (its effect's cleanup), which
   * are not the user closing the dialog. The event fires in a later task: under React's development
   * StrictMode (cleanup, then the effect again) it arrives after the dialog is shown again, and
   * passing it on would shut the dialog on screen.
   */
  const ownCloses = useRef(0);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) {
        ownCloses.current += 1;
        dialog.close();
      }
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`modal ${wide ? 'modal-wide' : ''} ${className ?? ''}`}
      aria-labelledby={titleId}
      onClose={() => {
        // Escape (or any close the user made) reaches onClose; the component's own closes do not.
        if (ownCloses.current > 0) ownCloses.current -= 1;
        else close.current();
      }}
    >
      <div className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="quiet" onClick={() => close.current()}>
          Close
        </button>
      </div>
      <div className="modal-body">{children}</div>
    </dialog>
  );
}
