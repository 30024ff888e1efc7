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
  /** Set while unmounting: closing the element then is not the user closing the dialog. */
  const leaving = useRef(false);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    leaving.current = false;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      leaving.current = true;
      if (dialog?.open) dialog.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`modal ${wide ? 'modal-wide' : ''} ${className ?? ''}`}
      aria-labelledby={titleId}
      onClose={() => {
        if (!leaving.current) close.current();
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
