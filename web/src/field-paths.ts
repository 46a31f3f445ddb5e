/** Form fields' paths as people read them, in their language. */
import { currentLocale, t, tMaybe } from './i18n.ts';

/**
 * "schedule.submissionsClose" → "Schedule › submissions close", "rubric.0.name" → "Rubric 1 › name";
 * a part with a name in the catalogue (`ui.field.<part>`) is said in the reader's language.
 */
export function humanPath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('.')) {
    if (/^\d+$/.test(part) && out.length) out[out.length - 1] = t('ui.path.numbered', { name: out[out.length - 1]!, n: Number(part) + 1 });
    else {
      const named = tMaybe(`ui.field.${part}`);
      out.push(named !== undefined ? (out.length ? named.toLocaleLowerCase(currentLocale()) : named) : part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
    }
  }
  const s = out.join(' › ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
