/**
 * The rubric editor shared by the competition form and the round form: one "Criterion n" group
 * per criterion (name, weight, scale, description), remove, optionally reorder, and add.
 */
import type { FieldErrors } from '../api.ts';
import type { Criterion } from '../types.ts';
import { AddRowButton, GroupError, TextArea, TextField } from './ui.tsx';
import { t } from '../i18n.ts';

/** A criterion as the form edits it: numbers as the text typed, and a key that stays with the row. */
export interface CriterionRow {
  key: number;
  id?: string;
  name: string;
  description: string;
  weight: string;
  min: string;
  max: string;
}

/** The most criteria a rubric may have. */
const MAX_CRITERIA = 12;

let nextKey = 1;

export const toCriterionRows = (rubric: Criterion[]): CriterionRow[] =>
  rubric.map((c) => ({
    key: nextKey++,
    id: c.id,
    name: c.name,
    description: c.description,
    weight: String(c.weight),
    min: String(c.scale.min),
    max: String(c.scale.max),
  }));

export function RubricEditor({
  rows,
  onChange,
  errors,
  reorderable = false,
}: {
  rows: CriterionRow[];
  /** Called with an update of the rows, to apply to the latest state. */
  onChange: (update: (rows: CriterionRow[]) => CriterionRow[]) => void;
  errors: FieldErrors;
  /** Offer "Up" and "Down" buttons on each criterion. */
  reorderable?: boolean;
}) {
  const setRow = (key: number, patch: Partial<CriterionRow>) => onChange((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const removeRow = (key: number) => onChange((rs) => rs.filter((r) => r.key !== key));
  const moveRow = (index: number, delta: number) =>
    onChange((rs) => {
      const moved = [...rs];
      const [row] = moved.splice(index, 1);
      moved.splice(index + delta, 0, row!);
      return moved;
    });
  return (
    <>
      {rows.map((r, i) => (
        <fieldset class="row-editor" key={r.key}>
          <legend>{t('rubricEditor.criterion', { n: i + 1 })}</legend>
          <div class="grid-auto">
            <TextField path={`rubric.${i}.name`} label={t('rubricEditor.name')} required value={r.name} onValue={(v) => setRow(r.key, { name: v })} errors={errors} maxLength={80} />
            <TextField path={`rubric.${i}.weight`} label={t('rubricEditor.weight')} type="number" min={0} step="any" inputMode="decimal" value={r.weight} onValue={(v) => setRow(r.key, { weight: v })} errors={errors} />
            <TextField path={`rubric.${i}.scale.min`} label={t('rubricEditor.scaleMin')} type="number" min={0} max={100} step={1} inputMode="numeric" value={r.min} onValue={(v) => setRow(r.key, { min: v })} errors={errors} />
            <TextField path={`rubric.${i}.scale.max`} label={t('rubricEditor.scaleMax')} type="number" min={1} max={100} step={1} inputMode="numeric" value={r.max} onValue={(v) => setRow(r.key, { max: v })} errors={errors} />
          </div>
          <GroupError path={`rubric.${i}.scale`} errors={errors} />
          <TextArea path={`rubric.${i}.description`} label={t('rubricEditor.description')} rows={2} value={r.description} onValue={(v) => setRow(r.key, { description: v })} errors={errors} maxLength={1000} />
          <div class="row-actions">
            {reorderable && (
              <>
                <button type="button" class="btn btn-small" disabled={i === 0} onClick={() => moveRow(i, -1)} aria-label={t('rubricEditor.moveUp', { n: i + 1 })}>
                  {t('rubricEditor.up')}
                </button>
                <button type="button" class="btn btn-small" disabled={i === rows.length - 1} onClick={() => moveRow(i, 1)} aria-label={t('rubricEditor.moveDown', { n: i + 1 })}>
                  {t('rubricEditor.down')}
                </button>
              </>
            )}
            <button type="button" class="btn btn-small btn-danger-ghost" onClick={() => removeRow(r.key)} aria-label={t('rubricEditor.removeLabel', { n: i + 1 })}>
              {t('rubricEditor.remove')}
            </button>
          </div>
        </fieldset>
      ))}
      <AddRowButton
        label={t('rubricEditor.add')}
        disabled={rows.length >= MAX_CRITERIA}
        onAdd={() => onChange(() => [...rows, { key: nextKey++, name: '', description: '', weight: '1', min: '1', max: '5' }])}
        focusPath={`rubric.${rows.length}.name`}
      />
    </>
  );
}
