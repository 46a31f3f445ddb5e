/**
 * A wide table (a DataTable inside) that says so when it does not fit: on a phone its frame becomes
 * a labelled, focusable scroll region (arrow keys scroll it), with a visible "scroll sideways" hint
 * and a shadow on the side that has more. Nothing changes while the table fits.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n.ts';

export function ScrollRegion({ label, children }: { label: string; children: ComponentChildren }) {
  const box = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const frame = box.current?.querySelector<HTMLElement>('.table-wrap');
    if (!frame) return;
    const measure = () => {
      const more = frame.scrollWidth > frame.clientWidth + 1;
      setOverflows(more);
      if (more) {
        frame.setAttribute('role', 'region');
        frame.setAttribute('aria-label', t('scrollRegion.label', { label }));
        frame.tabIndex = 0;
      } else {
        frame.removeAttribute('role');
        frame.removeAttribute('aria-label');
        frame.removeAttribute('tabindex');
      }
      frame.classList.toggle('scrolls', more);
      frame.classList.toggle('at-start', frame.scrollLeft <= 1);
      frame.classList.toggle('at-end', frame.scrollLeft + frame.clientWidth >= frame.scrollWidth - 1);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(frame);
    const table = frame.querySelector('table');
    if (table) observer.observe(table);
    frame.addEventListener('scroll', measure, { passive: true });
    return () => {
      observer.disconnect();
      frame.removeEventListener('scroll', measure);
    };
  }, [label]);
  return (
    <div class="scroll-region" ref={box}>
      {overflows && (
        <p class="scroll-hint" aria-hidden="true">
          {t('scrollRegion.hint')}
        </p>
      )}
      {children}
    </div>
  );
}
