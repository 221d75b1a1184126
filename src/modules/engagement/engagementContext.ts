import type { Database, Db } from '../../db/index.js';
import { systemClock } from '../../platform/clock.js';
import { notFound } from '../../platform/http.js';
import { deepFreeze, revisionCache } from '../../platform/revisionCache.js';
import type { AreaSettings, SettingsService } from '../../platform/settings.js';
import type { EngagementDeps, GeoArea, PlanRef } from './deps.js';
import { engagementRepository as repo, type Consultation, type Survey } from './engagementRepository.js';
import type { AreaOption, Question } from './surveyDefinition.js';

/** How long the public pages' copies of consultations and area lists are kept (see ADR 0012). */
const KEPT_MS = 2000;

/**
 * What the parts of the engagement service share: the database, the other modules' services, the
 * area lists, the kept copies of consultations (and `changes`, which forgets them), and the
 * look-ups that refuse what does not exist.
 */
export function createEngagementContext(database: Database, settings: SettingsService, deps: EngagementDeps) {
  const { db } = database;
  const clock = deps.clock ?? systemClock;

  async function mustConsultation(dbx: Db, id: string): Promise<Consultation> {
    const c = await repo.consultation(dbx, id);
    if (!c) throw notFound('No such consultation');
    return c;
  }
  async function mustSurvey(dbx: Db, id: string): Promise<Survey> {
    const s = await repo.survey(dbx, id);
    if (!s) throw notFound('No such survey');
    return s;
  }

  // ---- areas (geography when present, else the settings' local authorities) ----
  async function areaLists(area: AreaSettings): Promise<{ lad: GeoArea[]; ward: GeoArea[] }> {
    let lad: GeoArea[] = area.localAuthorities.map((a) => ({ code: a.code, name: a.name }));
    let ward: GeoArea[] = [];
    if (deps.geography) {
      try {
        const l = await deps.geography.areasOfForce(area.forceId, 'lad');
        if (l.length) lad = l;
        ward = await deps.geography.areasOfForce(area.forceId, 'ward');
      } catch {
        // geography not loaded yet for this force: the settings' list is enough
      }
    }
    return { lad, ward };
  }
  async function buildAreaHelpers(area: AreaSettings) {
    const lists = deepFreeze(await areaLists(area));
    const names = new Map<string, string>([...lists.lad, ...lists.ward].map((a) => [a.code, a.name]));
    const optionsFor = (q: Question): AreaOption[] => (q.areaLevel === 'ward' && lists.ward.length ? lists.ward : lists.lad);
    return { lists, optionsFor, areaName: (code: string) => names.get(code) ?? code };
  }
  // Every page of a survey needs the area lists: kept for KEPT_MS, and while the settings are the
  // same (a change of settings in this process is seen at once; geography changes only by import).
  let keptAreas: { area: AreaSettings; at: number; helpers: ReturnType<typeof buildAreaHelpers> } | undefined;
  async function areaHelpers() {
    const area = await settings.getArea();
    if (keptAreas && keptAreas.area === area && clock.now().getTime() - keptAreas.at < KEPT_MS) return keptAreas.helpers;
    const kept = { area, at: clock.now().getTime(), helpers: buildAreaHelpers(area) };
    keptAreas = kept;
    kept.helpers.catch(() => {
      if (keptAreas === kept) keptAreas = undefined;
    });
    return kept.helpers;
  }

  // ---- the public pages' copies of consultations (ADR 0012) ----
  // Every request of a survey needs the consultation, its methods and surveys: a copy is kept per
  // reference for at most KEPT_MS (the revision is the current KEPT_MS period) and forgotten at once
  // when this service changes any of them. Another process's change shows on the pages within
  // KEPT_MS; a response is stored only if the survey and consultation are still as the copy had
  // them (submit's `checkedAgainst`). A reference with no consultation is not kept.
  const copies = revisionCache(async () => String(Math.floor(clock.now().getTime() / KEPT_MS)), { maxEntries: 200 });
  const forgetKept = () => copies.invalidate();
  /** Runs a change to consultations, methods or surveys, then forgets the kept copies. */
  function changes<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
    return async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } finally {
        forgetKept();
      }
    };
  }

  async function planOf(c: Consultation): Promise<PlanRef | undefined> {
    if (!c.planReference || !deps.plans) return undefined;
    return deps.plans.getTreeByReference(c.planReference);
  }

  return { database, db, deps, settings, clock, mustConsultation, mustSurvey, areaHelpers, copies, forgetKept, changes, planOf };
}

export type EngagementContext = ReturnType<typeof createEngagementContext>;
