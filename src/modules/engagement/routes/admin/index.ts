import type { FastifyInstance } from 'fastify';
import type { EngagementService } from '../../engagementService.js';
import { analysisRoutes } from './analysis.js';
import { codingRoutes } from './coding.js';
import { consultationRoutes } from './consultations.js';
import { logRoutes } from './log.js';
import { responseRoutes } from './responses.js';
import { surveyBuilderRoutes } from './surveys.js';
import { themeRoutes } from './themes.js';

/** The staff pages of engagement, one file per area. */
export function adminRoutes(service: EngagementService) {
  return async function (app: FastifyInstance) {
    for (const routes of [consultationRoutes, surveyBuilderRoutes, responseRoutes, analysisRoutes, codingRoutes, themeRoutes, logRoutes])
      await app.register(routes(service));
  };
}
