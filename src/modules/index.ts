import type { AppModule, Platform } from '../platform/context.js';
import { createPlansModule } from './plans/index.js';
import { createResourcesModule } from './resources/index.js';
import { createDeliveryModule } from './delivery/index.js';
import { createPublishingModule } from './publishing/index.js';
import { createGeographyModule } from './geography/index.js';
import { createCrimeModule } from './crime/index.js';
import { createPerformanceModule } from './performance/index.js';
import { createScrutinyModule } from './scrutiny/index.js';
import { createEngagementModule } from './engagement/index.js';
import { createSearchModule } from './search/index.js';
import { plansSearchSource } from './plans/searchDocuments.js';
import { deliverySearchSource } from './delivery/searchDocuments.js';
import { performanceSearchSource } from './performance/searchDocuments.js';
import { scrutinySearchSource } from './scrutiny/searchDocuments.js';
import { engagementSearchSource } from './engagement/searchDocuments.js';
import { resourcesSearchSource } from './resources/searchDocuments.js';

/**
 * The module registry. Modules are created in dependency order and are given the services of
 * the modules below them (never their repositories or tables). app.ts mounts them in this order.
 * Where a module needs something from a module at its own level (e.g. performance's "your area"
 * page lists local delivery actions), the registry passes a function: the dependency is wired
 * here, not imported.
 */
export function createModules(platform: Platform): AppModule[] {
  const plans = createPlansModule(platform);
  const modules: AppModule[] = [plans];
  const resources = createResourcesModule(platform, { plans: plans.service });
  modules.push(resources);
  const geography = createGeographyModule(platform);
  modules.push(geography);
  const crime = createCrimeModule(platform, { geography: geography.service });
  modules.push(crime);
  // -- module registrations (one block per module, in dependency order) --
  const delivery = createDeliveryModule(platform, { plans: plans.service });
  modules.push(delivery);
  const performance = createPerformanceModule(platform, {
    plans: plans.service,
    geography: geography.service,
    crime: crime.service,
    areaActions: (code) => delivery.service.actionsForArea(code),
  });
  modules.push(performance);
  const scrutiny = createScrutinyModule(platform, {
    plans: plans.service,
    measures: { list: async () => (await performance.service.list()).map((m) => ({ id: m.id, title: m.name })) },
  });
  modules.push(scrutiny);
  const engagement = createEngagementModule(platform, { plans: plans.service, geography: geography.service, actions: delivery.service });
  modules.push(engagement);
  // publishing: last, it composes the others' published reads; the catalogue is read per request.
  modules.push(createPublishingModule(platform, { plans: plans.service, catalogue: () => modules.flatMap((m) => m.openData ?? []) }));
  // search: each module describes its own records (its reads, its permission table); search indexes them.
  const db = platform.database;
  modules.push(
    createSearchModule(platform, {
      sources: [
        plansSearchSource(db),
        deliverySearchSource(db, plans.service),
        performanceSearchSource(db),
        scrutinySearchSource(db),
        engagementSearchSource(db),
        resourcesSearchSource(db, (round) => resources.service.isAccepting(round)),
      ],
    }),
  );
  return modules;
}

// In a file of its own so that commands needing only the database load no module.
export { MIGRATION_FOLDERS } from './folders.js';
