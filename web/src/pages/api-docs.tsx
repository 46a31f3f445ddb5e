import { useEffect, useRef, useState } from 'preact/hooks';
import { getIdToken } from '../auth.ts';
import { Loading, Notice } from '../components/ui.tsx';
import { useTitle } from '../hooks.ts';
import swaggerCss from 'swagger-ui-dist/swagger-ui.css?url';
import swaggerFixesCss from '../swagger-fixes.css?url';

/**
 * The API reference. Swagger UI brings its own document structure (sections, headers, h2 titles)
 * and colours below WCAG AA contrast, so it is isolated (issue 14 §5): it renders into its own
 * document, an <iframe srcdoc> with a title, a language, one <main> and an h1, styled by
 * swagger-ui.css plus swagger-fixes.css (contrast). srcdoc keeps the page's origin and its content
 * security policy (stylesheets from 'self'), and needs no framing of a served page (the site sends
 * frame-ancestors 'none'). Swagger UI is large, so it is a lazy chunk loaded only here.
 */
export function ApiDocsPage() {
  useTitle('API docs');
  const frame = useRef<HTMLIFrameElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  useEffect(() => {
    let live = true;
    let resize: ResizeObserver | undefined;
    let structure: MutationObserver | undefined;
    const iframe = frame.current;
    if (!iframe) return;
    const frameReady = new Promise<Document>((resolve) => {
      const done = () => iframe.contentDocument?.getElementById('swagger') && resolve(iframe.contentDocument);
      iframe.addEventListener('load', done);
      done();
    });
    Promise.all([import('swagger-ui-dist/swagger-ui-es-bundle.js'), frameReady])
      .then(([mod, doc]) => {
        if (!live) return;
        const SwaggerUI = (mod as { default: (opts: Record<string, unknown>) => unknown }).default;
        SwaggerUI({
          domNode: doc.getElementById('swagger'),
          url: '/api/openapi.json',
          deepLinking: false,
          // Its syntax colours fall below 4.5:1 on their dark background: plain text instead.
          syntaxHighlight: { activated: false },
          // "Try it out" calls go out with the signed-in user's token.
          requestInterceptor: (req: { headers: Record<string, string> }) => {
            const token = getIdToken();
            if (token && !req.headers.Authorization) req.headers.Authorization = `Bearer ${token}`;
            return req;
          },
        });
        fixStructure(doc);
        structure = new MutationObserver(() => fixStructure(doc));
        structure.observe(doc.body, { subtree: true, childList: true });
        // The frame is as tall as its document: the page scrolls, not the frame.
        resize = new ResizeObserver(() => {
          iframe.style.height = `${doc.documentElement.scrollHeight}px`;
        });
        resize.observe(doc.body);
        setState('ready');
      })
      .catch(() => live && setState('error'));
    return () => {
      live = false;
      resize?.disconnect();
      structure?.disconnect();
    };
  }, []);
  return (
    <section>
      <h1>API docs</h1>
      <p class="lead">
        The Podium HTTP API, generated from the same schemas that validate requests. The raw document is at{' '}
        <a href="/api/openapi.json">/api/openapi.json</a>.
      </p>
      {state === 'loading' && <Loading label="Loading the API docs…" />}
      {state === 'error' && <Notice kind="error">The API docs could not be loaded.</Notice>}
      <iframe ref={frame} class="swagger-frame" title="Podium API reference (Swagger UI)" srcDoc={frameDocument()} />
    </section>
  );
}

/**
 * The frame's document. Swagger UI renders its own h1 (the API's title) and a <main> around the
 * operations, so the frame adds neither.
 */
function frameDocument(): string {
  const lang = document.documentElement.lang || 'en';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Podium API reference</title>
<link rel="stylesheet" href="${swaggerCss}"><link rel="stylesheet" href="${swaggerFixesCss}"></head>
<body><div id="swagger"></div></body></html>`;
}

/**
 * What CSS cannot fix in Swagger UI's markup, applied after each render: its <main> gets a name
 * (it is not the page's main content, which is outside the frame), and headings that skip a level
 * (an h3 per tag under the h1 title, h4 inside them) are given the level they have in the outline.
 */
function fixStructure(doc: Document): void {
  for (const main of doc.querySelectorAll('main:not([aria-label])')) main.setAttribute('aria-label', 'API operations');
  let previous = 0;
  for (const h of doc.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const own = Number(h.tagName[1]);
    const level = Math.min(own, previous + 1);
    if (level !== own) h.setAttribute('aria-level', String(level));
    else h.removeAttribute('aria-level');
    previous = level;
  }
}
