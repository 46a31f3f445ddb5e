/** The app's tables: each in a frame that scrolls sideways on a phone, with a row of column headers. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n.ts';

/** A column header: its text, `num` to right-align a column of numbers, `hidden` for one only screen readers read. */
export type Column = string | { label: ComponentChildren; num?: boolean; hidden?: boolean };

/** The column of row buttons: no visible header. */
export const ACTIONS_COLUMN: Column = {
  // A getter: read when the table renders, in the language of the moment.
  get label() {
    return t('dataTable.actions');
  },
  hidden: true,
};

export function DataTable({
  columns,
  caption,
  hideCaption,
  class: cls,
  describedBy,
  children,
}: {
  columns: Column[];
  /** The table's name; with `hideCaption` only screen readers read it. */
  caption?: ComponentChildren;
  hideCaption?: boolean;
  class?: string;
  describedBy?: string;
  /** The body's rows. */
  children: ComponentChildren;
}) {
  const frame = useFocusableWhenScrolling();
  return (
    <div class="table-wrap" ref={frame}>
      <table class={cls} aria-describedby={describedBy}>
        {caption !== undefined && <caption class={hideCaption ? 'sr-only' : undefined}>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column, i) => {
              const c = typeof column === 'string' ? { label: column } : column;
              return (
                <th key={i} scope="col" class={c.num ? 'num' : undefined}>
                  {c.hidden ? <span class="sr-only">{c.label}</span> : c.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/**
 * A frame that scrolls sideways must be reachable by keyboard (WCAG 2.1.1; axe's
 * scrollable-region-focusable): while it overflows it is a focusable group named after the
 * table's caption. A ScrollRegion around the table does this itself, with its own label and hint.
 */
function useFocusableWhenScrolling() {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const frame = ref.current;
    if (!frame || frame.closest('.scroll-region')) return;
    const measure = () => {
      const more = frame.scrollWidth > frame.clientWidth + 1;
      if (more && frame.tabIndex !== 0) {
        const name = frame.querySelector('caption')?.textContent?.trim();
        // A group, not a region: a named landmark per table would crowd the page's landmarks.
        frame.setAttribute('role', 'group');
        frame.setAttribute('aria-label', name ? t('dataTable.scrolls', { name }) : t('dataTable.tableScrolls'));
        frame.tabIndex = 0;
      } else if (!more && frame.hasAttribute('tabindex')) {
        frame.removeAttribute('role');
        frame.removeAttribute('aria-label');
        frame.removeAttribute('tabindex');
      }
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(frame);
    const table = frame.querySelector('table');
    if (table) observer.observe(table);
    return () => observer.disconnect();
  }, []);
  return ref;
}
