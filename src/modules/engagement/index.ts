import { commandGroup } from '../../platform/cli.js';
import type { AppModule, Platform } from '../../platform/context.js';
import type { EngagementDeps } from './deps.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { loadEngagementDemo } from './demo.js';
import { createPlanConsultationStage } from './planStage.js';
import { engagementTasks } from './notices.js';
import { addDays } from '../../platform/dates.js';
import { ukDate as isoDate } from '../../platform/format.js';
import { rng, syntheticAnswers } from './synthetic.js';
import { engagementPermissions } from './engagementPermissions.js';
import { createEngagementService, type EngagementService } from './engagementService.js';
import { adminRoutes } from './routes/admin/index.js';
import { publicRoutes } from './routes/public.js';
import { apiRoutes } from './routes/api.js';
import { createEngagementOpenData, engagementOpenDatasets } from './openData.js';

export type { EngagementService } from './engagementService.js';
export type { EngagementDeps } from './deps.js';

export interface EngagementModule extends AppModule {
  service: EngagementService;
}

/**
 * Consultations, surveys and responses, analysis and coding of what people said, "you said, we
 * did" and the engagement log. Geography and delivery actions are optional dependencies.
 */
export function createEngagementModule(platform: Platform, deps: EngagementDeps = {}): EngagementModule {
  const service = createEngagementService(platform.database, platform.settings, { notify: platform, clock: platform.clock, ...deps });
  platform.notifications.defineEvent({ event: 'engagement.response-received', label: 'Acknowledgement of a survey response', roles: [] });
  const openData = createEngagementOpenData(platform.database, service);
  // Opening a plan's consultation opens a public consultation on the draft; the plan's pages show it.
  const planStage = createPlanConsultationStage(platform.database, platform.subscriptions);
  deps.plans?.addStageHandler(planStage.handler);
  deps.plans?.addPageLinks(planStage.planPageLinks);
  return {
    name: 'engagement',
    service,
    staffNav: [{ text: 'Engagement', href: '/admin/engagement', visible: (r) => engagementPermissions.can(r, 'engagement:view') }],
    history: {
      consultation: (r) => engagementPermissions.can(r, 'engagement:view'),
      survey: (r) => engagementPermissions.can(r, 'engagement:view'),
      theme: (r) => engagementPermissions.can(r, 'engagement:view'),
      'engagement-log': (r) => engagementPermissions.can(r, 'engagement:view'),
      response: (r) => engagementPermissions.can(r, 'response:view'),
    },
    publicNav: [{ text: 'Consultations', href: '/consultations' }],
    openData: engagementOpenDatasets,
    async tasks(user, now) {
      const today = isoDate(now);
      return engagementTasks(user, today, addDays(today, 30), await service.listConsultations());
    },
    async routes(app) {
      await app.register(publicRoutes(platform, service));
      await app.register(adminRoutes(service, platform.clock));
      await app.register(apiRoutes(platform, openData));
    },
    cli(program) {
      const cmd = commandGroup(program, 'engagement', 'Consultations and surveys');
      cmd
        .command('synthetic')
        .description('Adds seeded synthetic responses (labelled synthetic) to the live survey of a consultation, for demonstrations and load tests')
        .argument('<consultation>', 'the consultation reference')
        .option('--count <n>', 'how many responses', '200')
        .option('--seed <n>', 'the seed: the same seed gives the same responses', '1')
        .action(async (reference: string, o: { count: string; seed: string }) => {
          const c = await service.consultationByReference(reference);
          const survey = c?.liveSurvey ?? c?.surveys[0];
          if (!c || !survey) {
            console.error(`No consultation ${reference} with a survey`);
            process.exitCode = 1;
            return;
          }
          const { lists } = await service.areaHelpers();
          const r = rng(Number(o.seed));
          const rows = Array.from({ length: Math.max(1, Number(o.count) || 1) }, () => ({
            answers: syntheticAnswers(
              survey.definition,
              r,
              lists.lad.map((a) => a.code),
            ).answers,
            channel: 'online' as const,
            submittedAt: new Date(),
          }));
          const stored = await service.addSynthetic(SYSTEM_ACTOR, survey.id, rows);
          console.log(`Added ${stored.length} synthetic responses to ${survey.title} (version ${survey.version})`);
        });
    },
    demoLabel: 'consultations and engagement',
    async loadDemo() {
      await loadEngagementDemo(service);
    },
  };
}
