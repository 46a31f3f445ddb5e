import { useEffect, useRef, useState } from 'preact/hooks';
import { getIdToken } from '../auth.ts';
import { Loading, Notice } from '../components/ui.tsx';
import { useTitle } from '../hooks.ts';

/** Swagger UI is large, so it is a lazy chunk loaded only here. */
export function ApiDocsPage() {
  useTitle('API docs');
  const el = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  useEffect(() => {
    let live = true;
    Promise.all([import('swagger-ui-dist/swagger-ui-es-bundle.js'), import('swagger-ui-dist/swagger-ui.css')])
      .then(([mod]) => {
        if (!live || !el.current) return;
        const SwaggerUI = (mod as { default: (opts: Record<string, unknown>) => unknown }).default;
        SwaggerUI({
          domNode: el.current,
          url: '/api/openapi.json',
          deepLinking: false,
          // "Try it out" calls go out with the signed-in user's token.
          requestInterceptor: (req: { headers: Record<string, string> }) => {
            const token = getIdToken();
            if (token && !req.headers.Authorization) req.headers.Authorization = `Bearer ${token}`;
            return req;
          },
        });
        setState('ready');
      })
      .catch(() => live && setState('error'));
    return () => {
      live = false;
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
      <div ref={el} class="swagger" />
    </section>
  );
}
