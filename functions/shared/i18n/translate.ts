/**
 * ICU messages (plurals, selects, numbers, dates, rich-text tags) formatted with FormatJS's
 * intl-messageformat — one formatter shared by the web app and the server's e-mail code.
 *
 * A catalogue is one JSON file per language in this folder (`en.json` is the source language):
 * `{ "web": { key: message }, "server": { key: message } }`. `web` is what the browser shows,
 * `server` what the server writes (e-mails, notifications); the Lambda bundles import only
 * `server`. Adding a language is adding one file: `npm run generate` lists the files
 * (locales.generated.ts) and tests/unit/i18n-catalogues.test.ts checks it against English key for key.
 */
import { TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';

export type Messages = Readonly<Record<string, string>>;
/**
 * Messages already parsed into ICU syntax trees (the server's, compiled by `npm run generate`):
 * formatting them needs no parser, which the Lambda bundles leave out.
 */
export type CompiledMessages = Readonly<Record<string, CompactMessage>>;

/**
 * A parsed message, compacted (a third of the size): a literal is its text, a plain argument
 * `[name]`, any other element the parser's own, its options' and children's messages compacted too.
 */
export type CompactMessage = readonly CompactElement[];
/** A literal, a plain argument, or any other element as the parser made it (plurals' and selects' options compacted too). */
type CompactElement = string | readonly [string] | { readonly type: number } | Readonly<Record<string, unknown>>;

/** `ast` compacted (run by `npm run generate`); `expand` undoes it. */
export function compact(ast: MessageFormatElement[]): CompactMessage {
  return ast.map((el) => {
    if (el.type === TYPE.literal) return el.value;
    if (el.type === TYPE.argument) return [el.value] as const;
    if (el.type === TYPE.plural || el.type === TYPE.select) return { ...el, options: Object.fromEntries(Object.entries(el.options).map(([k, o]) => [k, { value: compact(o.value) }])) };
    if (el.type === TYPE.tag) return { ...el, children: compact(el.children) };
    return el;
  });
}

export function expand(message: CompactMessage): MessageFormatElement[] {
  return message.map((el): MessageFormatElement => {
    if (typeof el === 'string') return { type: TYPE.literal, value: el };
    if (Array.isArray(el)) return { type: TYPE.argument, value: el[0] };
    const e = el as unknown as Record<string, unknown>;
    if (e.options) return { ...e, options: Object.fromEntries(Object.entries(e.options as Record<string, { value: CompactMessage }>).map(([k, o]) => [k, { value: expand(o.value) }])) } as unknown as MessageFormatElement;
    if (e.children) return { ...e, children: expand(e.children as CompactMessage) } as unknown as MessageFormatElement;
    return e as unknown as MessageFormatElement;
  });
}
export type MessageParams = Record<string, PrimitiveType | Date>;

/**
 * Formats `key` from `messages` (falling back to `fallback`, then to the key itself so a missing
 * message is visible, never blank). Compiled messages are cached per translator.
 */
export function makeTranslator(locale: string, messages: Messages | CompiledMessages, fallback: Messages | CompiledMessages = {}) {
  const cache = new Map<string, IntlMessageFormat>();
  const compiled = (key: string): IntlMessageFormat | undefined => {
    let f = cache.get(key);
    if (!f) {
      const own = messages[key];
      const text = own ?? fallback[key];
      if (text === undefined) return undefined;
      f = new IntlMessageFormat(typeof text === 'string' ? text : expand(text), own === undefined ? 'en' : locale, undefined, { ignoreTag: false });
      cache.set(key, f);
    }
    return f;
  };
  return {
    locale,
    has: (key: string) => messages[key] !== undefined || fallback[key] !== undefined,
    /** Plain text. */
    text(key: string, params?: MessageParams): string {
      const f = compiled(key);
      if (!f) return key;
      const out = f.format(params as Record<string, PrimitiveType>);
      return Array.isArray(out) ? out.join('') : String(out);
    },
    /** Rich text: `<link>…</link>` tags become what `params.link(chunks)` returns. */
    parts<T>(key: string, params?: Record<string, PrimitiveType | Date | T | ((chunks: (string | T)[]) => T)>): (string | T)[] {
      const f = compiled(key);
      if (!f) return [key];
      const out = f.format<T>(params as never);
      return Array.isArray(out) ? (out as (string | T)[]) : [out as string | T];
    },
  };
}

export type Translator = ReturnType<typeof makeTranslator>;
