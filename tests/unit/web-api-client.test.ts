/**
 * The web app's API client (web/src/api.ts): typed from the generated OpenAPI contract, so a page
 * cannot name a route that does not exist, leave out or mistype a parameter or body field, or read
 * a field the API does not return (checked by `npm run typecheck`: each `@ts-expect-error` below
 * must stay an error); and at run time it sends the bearer token, builds the documented URL, and
 * turns every failure into one ApiError. The network is the only stand-in: `fetch` answers real
 * Response objects, as the API would.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

type WebApi = typeof import('../../web/src/api.ts');

/** Compile-time only (never called): what the generated `paths` allow and refuse. */
export function typeChecks(api: WebApi['api']) {
  return async () => {
    const c = await api.GET('/api/competitions/{competitionId}', { params: { path: { competitionId: 'c' } } });
    c.myRoles satisfies ('organiser' | 'entrant' | 'peer-reviewer' | 'investor' | 'jury')[];
    const page = await api.GET('/api/competitions', { params: { query: { limit: 12 } } });
    page.items[0]?.schedule.timeZone satisfies string | undefined;
    const nothing: undefined = await api.POST('/api/me/notifications/{notificationId}/read', { params: { path: { notificationId: 'n' } } });
    // @ts-expect-error a route that does not exist
    await api.GET('/api/competition/{competitionId}', { params: { path: { competitionId: 'c' } } });
    // @ts-expect-error a method the route does not have
    await api.DELETE('/api/competitions/{competitionId}', { params: { path: { competitionId: 'c' } } });
    // @ts-expect-error the path parameters are required
    await api.GET('/api/competitions/{competitionId}');
    // @ts-expect-error the body is required
    await api.POST('/api/competitions/{competitionId}/publish', { params: { path: { competitionId: 'c' } } });
    // @ts-expect-error a body field of the wrong type
    await api.POST('/api/competitions/{competitionId}/publish', { params: { path: { competitionId: 'c' } }, body: { version: '1' } });
    // @ts-expect-error a body field the operation does not take
    await api.POST('/api/competitions/{competitionId}/publish', { params: { path: { competitionId: 'c' } }, body: { version: 1, force: true } });
    // @ts-expect-error a query value outside the documented enum
    await api.GET('/api/competitions/{competitionId}/submissions', { params: { path: { competitionId: 'c' }, query: { status: 'late' } } });
    // @ts-expect-error a field the API does not return
    void c.ownerEmail;
    return nothing;
  };
}

const TOKEN_KEY = 'podium.idToken';
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const TOKEN = `${b64url({ alg: 'none' })}.${b64url({ sub: 'u-1', exp: 4_102_444_800 })}.sig`;

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

let web: WebApi;
let answer: (req: Request) => Response | Promise<Response>;
const sent: Request[] = [];
const storage = new Map<string, string>();

beforeAll(async () => {
  vi.stubGlobal('location', { origin: 'http://podium.test' });
  vi.stubGlobal('sessionStorage', {
    getItem: (k: string) => storage.get(k) ?? null,
    setItem: (k: string, v: string) => void storage.set(k, v),
    removeItem: (k: string) => void storage.delete(k),
  });
  // The client keeps the `fetch` it was created with, so the stand-in is in place before it loads.
  vi.stubGlobal('fetch', async (req: Request) => {
    sent.push(req);
    return answer(req);
  });
  web = await import('../../web/src/api.ts');
});

afterAll(() => {
  vi.unstubAllGlobals();
});

beforeEach(() => {
  sent.length = 0;
  storage.clear();
  storage.set(TOKEN_KEY, TOKEN);
});

describe('the web API client', () => {
  it('sends the bearer token to the documented URL (ids encoded, empty query values left out) and returns the answer', async () => {
    answer = () => json(200, { items: [{ id: 's1' }], nextCursor: 'n' });
    const page = await web.api.GET('/api/competitions/{competitionId}/submissions', {
      params: { path: { competitionId: 'a/b c' }, query: { status: undefined, q: '', sector: 'Energy', limit: 25 } },
    });
    expect(page).toEqual({ items: [{ id: 's1' }], nextCursor: 'n' });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.method).toBe('GET');
    expect(sent[0]!.url).toBe('http://podium.test/api/competitions/a%2Fb%20c/submissions?sector=Energy&limit=25');
    expect(sent[0]!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('sends the body as JSON and resolves a 204 with undefined', async () => {
    answer = () => new Response(null, { status: 204 });
    const r = await web.api.POST('/api/competitions/{competitionId}/rounds/{roundId}/pins', {
      params: { path: { competitionId: 'c', roundId: 'r' } },
      body: { submissionId: 's', reviewerSub: 'u-2' },
    });
    expect(r).toBeUndefined();
    expect(sent[0]!.headers.get('content-type')).toBe('application/json');
    expect(await sent[0]!.json()).toEqual({ submissionId: 's', reviewerSub: 'u-2' });
  });

  it('turns an error body into ApiError with its status, code, message and fields', async () => {
    answer = () => json(400, { error: { code: 'VALIDATION_FAILED', message: 'Check the fields.', fields: { title: 'Give a title.' } } });
    const e = await web.api
      .POST('/api/competitions', { body: { title: '', kind: 'idea', schedule: { timeZone: 'UTC', submissionsOpen: '', submissionsClose: '', evaluationStart: '', evaluationEnd: '', resultsDate: '' } } })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(web.ApiError);
    expect(e).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: 'Check the fields.', fields: { title: 'Give a title.' } });
  });

  it('says the status when the error has no JSON body', async () => {
    answer = () => new Response('upstream timeout', { status: 503, statusText: 'Service Unavailable' });
    await expect(web.api.GET('/api/me')).rejects.toMatchObject({ status: 503, code: 'HTTP_503', message: 'Service Unavailable', fields: {} });
  });

  it('on 401 drops the token and tells the app the session is over', async () => {
    const over = vi.fn();
    web.setUnauthorizedHandler(over);
    answer = () => json(401, { error: { code: 'UNAUTHENTICATED', message: 'Sign in again.' } });
    await expect(web.api.GET('/api/me')).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(storage.has(TOKEN_KEY)).toBe(false);
    expect(over).toHaveBeenCalledTimes(1);
    web.setUnauthorizedHandler(() => {});
  });

  it('reports a network failure as a clear ApiError', async () => {
    answer = () => {
      throw new TypeError('fetch failed');
    };
    await expect(web.api.GET('/api/me')).rejects.toMatchObject({ status: 0, code: 'NETWORK', message: expect.stringMatching(/could not be reached/) });
  });
});
