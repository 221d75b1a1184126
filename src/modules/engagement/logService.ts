import { recordAudit } from '../../platform/audit.js';
import type { Actor } from '../../platform/roles.js';
import type { EngagementDeps } from './deps.js';
import type { EngagementContext } from './engagementContext.js';
import { engagementRepository as repo } from './engagementRepository.js';
import { type LogType } from './schema.js';

export interface LogInput {
  heldOn: string;
  type: LogType;
  title: string;
  localAuthorityCode?: string | null;
  wardCode?: string | null;
  wardName?: string | null;
  organisation: string;
  attendees?: number | null;
  issuesRaised: string;
  followUps: string;
  followUpOwner: string;
  synthetic?: boolean;
}

/** The engagement log: meetings, visits and events, and the wards they reached. */
export function createLogService(ctx: EngagementContext) {
  const { db, database, deps, areaHelpers } = ctx;

  // ---- engagement log ----
  async function addLogEntry(actor: Actor, input: LogInput) {
    return database.transaction(async (tx) => {
      const e = await repo.insertLogEntry(tx, { ...input, createdBy: actor.label });
      await recordAudit(tx, actor, { action: 'log.create', entityType: 'engagement-log', entityId: e.id, summary: `Logged ${e.title} on ${e.heldOn}` });
      return e;
    });
  }

  async function logOfYear(year: number) {
    return repo.log(db, `${year}-01-01`, `${year}-12-31`);
  }

  /** Wards visited in a year against all the wards of the force (when geography knows them). */
  async function wardCoverage(year: number) {
    const entries = await logOfYear(year);
    const { lists } = await areaHelpers();
    const visits = new Map<string, number>();
    for (const e of entries) {
      const key = e.wardCode ?? (e.wardName ? `name:${e.wardName}` : null);
      if (key) visits.set(key, (visits.get(key) ?? 0) + 1);
    }
    let maps: {
      ladCode: string;
      ladName: string;
      features: NonNullable<Awaited<ReturnType<NonNullable<EngagementDeps['geography']>['boundaries']>>>['features'];
    }[] = [];
    if (deps.geography && lists.ward.length) {
      try {
        maps = (
          await Promise.all(
            lists.lad.map(async (l) => {
              const fc = await deps.geography!.boundaries('ward', l.code);
              return fc?.features?.length ? { ladCode: l.code, ladName: l.name, features: fc.features } : null;
            }),
          )
        ).filter((m): m is NonNullable<typeof m> => !!m);
      } catch {
        maps = [];
      }
    }
    return { entries, visits, lads: lists.lad, wards: lists.ward, maps };
  }

  return { addLogEntry, logOfYear, wardCoverage };
}

export type LogService = ReturnType<typeof createLogService>;
