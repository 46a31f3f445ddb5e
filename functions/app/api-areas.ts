/**
 * The API's areas. Each is deployed as its own Lambda function (functions/lambda/api-<area>.ts
 * imports only that area's route modules, so its bundle carries only that area's code), and API
 * Gateway sends each operation to its area's function by the operation's tag. Locally and in
 * tests one app serves every area. tests/unit/api-areas.test.ts checks that the entries, the tags
 * and this list agree.
 */
import type { AppDeps } from './deps.ts';
import { createApp, type RouteGroup } from './app.ts';
import { awardRoutes } from './routes/awards.ts';
import { competitionRoutes } from './routes/competitions.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { devRoutes } from './routes/dev.ts';
import { expoRoutes } from './routes/expo.ts';
import { jobRoutes } from './routes/jobs.ts';
import { meRoutes } from './routes/me.ts';
import { messageRoutes } from './routes/messages.ts';
import { programmeRoutes } from './routes/programmes.ts';
import { reminderRoutes } from './routes/reminders.ts'; // H6
import { personalDataRoutes } from './routes/personal-data.ts'; // issue 14 §2 (GDPR)
import { pitchRoutes } from './routes/pitches.ts';
import { answerFileRoutes } from './routes/answer-files.ts';
import { reviewRoutes } from './routes/reviews.ts';
import { reviewingRoutes } from './routes/reviewing.ts';
import { submissionRoutes } from './routes/submissions.ts';
import { teamRoutes } from './routes/teams.ts';
import { voteRoutes } from './routes/votes.ts';
import { API_AREAS, type ApiArea } from './api-area-of.ts';

export const ROUTES_OF_AREA: Record<ApiArea, readonly RouteGroup[]> = {
  core: [meRoutes, competitionRoutes, dashboardRoutes, submissionRoutes, pitchRoutes, answerFileRoutes, jobRoutes],
  evaluation: [reviewRoutes],
  results: [awardRoutes, devRoutes],
  live: [expoRoutes, voteRoutes],
  people: [teamRoutes, messageRoutes, reminderRoutes, personalDataRoutes],
  programmes: [programmeRoutes],
  reviewing: [reviewingRoutes],
};

export const ALL_ROUTES: readonly RouteGroup[] = API_AREAS.flatMap((a) => ROUTES_OF_AREA[a]);

/** The whole API in one app: the local runtime, the tests and the OpenAPI document use this. */
export function createFullApp(deps: AppDeps) {
  return createApp(deps, ALL_ROUTES);
}
