import { commandGroup } from '../../platform/cli.js';
import type { AppModule, Platform } from '../../platform/context.js';
import type { EngagementDeps } from './deps.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { loadEngagementDemo } from './demo.js';
import { rng, syntheticAnswers } from './synthetic.js';
import { engagementPermissions } from './engagementPermissions.js';
import { createEngagementService, type EngagementService } from './engagementService.js';
import { adminRoutes } from './routes/admin.js';
import { publicRoutes } from './routes/public.js';

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
  const service = createEngagementService(platform.database, platform.settings, deps);
  return {
    name: 'engagement',
    service,
    staffNav: [{ text: 'Engagement', href: '/admin/engagement', visible: (r) => engagementPermissions.can(r as never, 'engagement:view') }],
    publicNav: [{ text: 'Consultations', href: '/consultations' }],
    openData: [
      {
        title: 'Consultation results',
        description: 'For each consultation whose feedback is published: responses by channel and the themes people raised, with what was done.',
        formats: [{ label: 'Web page', href: '/consultations' }],
      },
    ],
    async routes(app) {
      await app.register(publicRoutes(platform, service));
      await app.register(adminRoutes(platform, service));
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
    async loadDemo() {
      await loadEngagementDemo(service);
    },
  };
}
