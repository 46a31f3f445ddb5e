/** The app's tables: each in a frame that scrolls sideways on a phone, with a row of column headers. */
import type { ComponentChildren } from 'preact';

/** A column header: its text, `num` to right-align a column of numbers, `hidden` for one only screen readers read. */
export type Column = string | { label: ComponentChildren; num?: boolean; hidden?: boolean };

/** The column of row buttons: no visible header. */
export const ACTIONS_COLUMN: Column = { label: 'Actions', hidden: true };

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
  return (
    <div class="table-wrap">
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
