'use client';

import { useEffect, useRef, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog: role=dialog (or alertdialog), aria-modal, labelled by its heading. While
 * it is open the rest of the page is `inert` and Tab wraps inside it, so focus cannot
 * leave; focus goes in on opening and back afterwards. Escape calls `onEscape`, and does
 * nothing when there is none (the new-secret dialog refuses to close that way).
 *
 * Not the native <dialog>: Chrome lets a second Escape close it even when `cancel` is
 * prevented, which the new-secret dialog must not allow.
 */
export function ModalDialog({
  labelledBy,
  describedBy,
  role = 'dialog',
  onEscape,
  initialFocus,
  returnFocus,
  children,
}: {
  labelledBy: string;
  describedBy?: string;
  role?: 'dialog' | 'alertdialog';
  onEscape?: () => void;
  /** Where focus goes on opening; the dialog itself when absent. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Where focus goes on closing, instead of the element that opened the dialog (which may be gone by then). */
  returnFocus?: () => HTMLElement | null;
  children: ReactNode;
}) {
  const overlayRef = useRef<HTMLDivElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const onEscapeRef = useRef(onEscape);
  const returnFocusRef = useRef(returnFocus);
  useEffect(() => {
    onEscapeRef.current = onEscape;
    returnFocusRef.current = returnFocus;
  });

  useEffect(() => {
    const overlay = overlayRef.current;
    const dialog = dialogRef.current;
    if (!overlay || !dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;

    const madeInert: Element[] = [];
    for (const element of Array.from(document.body.children)) {
      if (element !== overlay && !element.hasAttribute('inert')) {
        element.setAttribute('inert', '');
        madeInert.push(element);
      }
    }
    const overflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    (initialFocus?.current ?? dialog).focus();

    function onKeyDown(event: KeyboardEvent) {
      if (!dialog) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        onEscapeRef.current?.();
        return;
      }
      if (event.key !== 'Tab') return;
      const focusable = Array.from(dialog.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => el.offsetParent !== null);
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) {
        event.preventDefault();
        dialog.focus();
      } else if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
    dialog.addEventListener('keydown', onKeyDown);

    return () => {
      dialog.removeEventListener('keydown', onKeyDown);
      for (const element of madeInert) element.removeAttribute('inert');
      document.body.style.overflow = overflow;
      const target = returnFocusRef.current?.() ?? (opener?.isConnected ? opener : null);
      target?.focus();
    };
    // Opening and closing are mount and unmount; initialFocus is read once, on opening.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (typeof document === 'undefined') return null;
  return createPortal(
    // Centred by the dialog's auto margins, not align-items: a dialog taller than the window
    // then scrolls from its top instead of being cut off above it.
    <div ref={overlayRef} className="fixed inset-0 z-50 flex items-start justify-center overflow-y-auto bg-slate-900/60 p-4">
      <div
        ref={dialogRef}
        role={role}
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        tabIndex={-1}
        className="my-8 w-full max-w-xl rounded-lg bg-white p-6 shadow-xl outline-none sm:my-auto"
      >
        {children}
      </div>
    </div>,
    document.body,
  );
}
