import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../../../platform/clock.js';
import type { EngagementService } from '../../engagementService.js';
import { analysisRoutes } from './analysis.js';
import { codingRoutes } from './coding.js';
import { consultationRoutes } from './consultations.js';
import { logRoutes } from './log.js';
import { responseRoutes } from './responses.js';
import { surveyBuilderRoutes } from './surveys.js';
import { themeRoutes } from './themes.js';

/** The staff pages of engagement, one file per area. */
export function adminRoutes(service: EngagementService, clock: Clock) {
  return async function (app: FastifyInstance) {
    await app.register(consultationRoutes(service, clock));
    for (const routes of [surveyBuilderRoutes, responseRoutes, analysisRoutes, codingRoutes, themeRoutes]) await app.register(routes(service));
    await app.register(logRoutes(service, clock));
  };
}
