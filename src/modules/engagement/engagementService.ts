import type { Database } from '../../db/index.js';
import type { SettingsService } from '../../platform/settings.js';
import { createAnalysisService } from './analysisService.js';
import { createConsultationsService } from './consultationsService.js';
import type { EngagementDeps } from './deps.js';
import { createEngagementContext } from './engagementContext.js';
import { createLogService } from './logService.js';
import { createResponsesService } from './responsesService.js';
import { createSurveysService } from './surveysService.js';

/**
 * The engagement module's service, for its routes and for other modules: consultations, surveys,
 * responses, their analysis and the engagement log, each in its own file, sharing one context.
 */
export function createEngagementService(database: Database, settings: SettingsService, deps: EngagementDeps) {
  const ctx = createEngagementContext(database, settings, deps);
  const consultations = createConsultationsService(ctx);
  const surveys = createSurveysService(ctx);
  const responses = createResponsesService(ctx, surveys);
  const analysis = createAnalysisService(ctx, responses);
  const log = createLogService(ctx);
  return {
    deps,
    areaHelpers: ctx.areaHelpers,
    planOf: ctx.planOf,
    ...consultations,
    ...surveys,
    ...responses,
    ...analysis,
    ...log,
  };
}

export type EngagementService = ReturnType<typeof createEngagementService>;
