import type { Database } from '../../db/index.js';
import { recordAudit } from '../../platform/audit.js';
import { notFound } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import { PUBLICATION_CLASSES } from './publicationScheme.js';
import type { ScrutinyPlans } from './deps.js';
import { scrutinyRepository as repo, type PublicationClass } from './scrutinyRepository.js';

/**
 * A class of information as the schedule shows it. The plan's class is drawn from the plans
 * module: the plan in force's own document title, address and publication date (a day, or a month
 * when only the month is on record); it is current until its term ends (`currentUntil`).
 */
export type ScheduledClass = PublicationClass & { fromPlans?: boolean; currentUntil?: string };

/** The class the plan in force fills. */
export const PLAN_CLASS_KEY = 'police-and-crime-plan';

/** The publication schedule of the Specified Information Order: its classes, where each is published, when last. */
export function createPublicationSchedule(database: Database, plans: Pick<ScrutinyPlans, 'inForce'>) {
  const { db } = database;

  async function publicationSchedule(): Promise<ScheduledClass[]> {
    const [rows, plan] = await Promise.all([storedClasses(), plans.inForce()]);
    if (!plan) return rows;
    return rows.map((c) =>
      c.key === PLAN_CLASS_KEY
        ? { ...c, title: plan.documentTitle, whereUrl: plan.href, lastUpdated: plan.published, fromPlans: true, currentUntil: plan.termEnd }
        : c,
    );
  }

  async function storedClasses() {
    let rows = await repo.listClasses(db);
    if (rows.length < PUBLICATION_CLASSES.length) {
      await repo.insertClasses(
        db,
        PUBLICATION_CLASSES.map((c, i) => ({
          key: c.key,
          position: i + 1,
          title: c.title,
          requirement: c.requirement,
          maxAgeDays: c.maxAgeDays,
          whereUrl: c.whereUrl,
        })),
      );
      rows = await repo.listClasses(db);
    }
    return rows;
  }

  async function updatePublicationClass(actor: Actor, id: string, input: { whereUrl: string | null; lastUpdated: string | null }) {
    return database.transaction(async (tx) => {
      const before = await repo.publicationClass(tx, id);
      if (!before) throw notFound('No such class of information');
      const c = await repo.updateClass(tx, id, input);
      await recordAudit(tx, actor, {
        action: 'scrutiny.publication.update',
        entityType: 'scrutiny-publication-class',
        entityId: id,
        summary: `Updated "${c.title}" in the publication schedule`,
        before,
        after: c,
      });
      return c;
    });
  }

  return { publicationSchedule, updatePublicationClass };
}
