import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Db } from '../db/index.js';
import { recordAudit } from './audit.js';
import type { Actor } from './roles.js';
import { settings } from './schema.js';

/**
 * The policing area's names. Every page and document takes its wording from here, so that a
 * mayoral area or a policing and crime board (from 2028) needs settings, not code.
 */
export const areaSettingsSchema = z.object({
  areaName: z.string().trim().min(1, 'Enter the name of the policing area').max(120),
  bodyName: z.string().trim().min(1, 'Enter the name of the policing body').max(200),
  bodyShortName: z.string().trim().min(1, 'Enter a short name for the policing body').max(40),
  electedHeadTitle: z.string().trim().min(1, 'Enter the title of the elected head').max(120),
  electedHeadName: z.string().trim().max(120).default(''),
  /** "I" for a single elected head, "we" for a board. */
  voice: z.enum(['I', 'we']).default('I'),
  scrutinyBodyName: z.string().trim().min(1, 'Enter the name of the scrutiny body').max(200),
  /** The kind of document the area's plans are, e.g. "Police and Crime Plan", "Police, Crime and Victims' Plan". */
  planKind: z.string().trim().min(1, 'Enter what the area’s plan is called').max(120).default('Police and Crime Plan'),
  forceName: z.string().trim().min(1, 'Enter the name of the police force').max(120),
  /** The force's police.uk identifier, e.g. `cleveland`. */
  forceId: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]+$/, 'Enter the police.uk force identifier in lower case, for example cleveland'),
  chiefOfficerTitle: z.string().trim().min(1, 'Enter the title of the chief officer').max(120).default('Chief Constable'),
  localAuthorities: z.array(z.object({ code: z.string().regex(/^[EW]\d{8}$/, 'ONS codes look like E06000001'), name: z.string().min(1) })).default([]),
  contactEmail: z.string().email('Enter an email address in the correct format').or(z.literal('')).default(''),
});
export type AreaSettings = z.infer<typeof areaSettingsSchema>;

export const DEFAULT_AREA_SETTINGS: AreaSettings = {
  areaName: 'Your policing area',
  bodyName: 'Office of the Police and Crime Commissioner',
  bodyShortName: 'OPCC',
  electedHeadTitle: 'Police and Crime Commissioner',
  electedHeadName: '',
  voice: 'I',
  scrutinyBodyName: 'Police and Crime Panel',
  planKind: 'Police and Crime Plan',
  forceName: 'Police force',
  forceId: 'force',
  chiefOfficerTitle: 'Chief Constable',
  localAuthorities: [],
  contactEmail: '',
};

export function createSettingsService(database: Database) {
  let cache: { value: AreaSettings; at: number } | undefined;
  const TTL_MS = 1000; // short: a change made by another process shows within a second

  /**
   * The area's settings; `fresh` reads them now (for a page about to be kept, see pageCache.ts).
   * Inside a transaction pass it as `tx`: on PGlite a query on the database itself waits for the
   * transaction to end, which waits for this query.
   */
  async function getArea(opts: { fresh?: boolean; tx?: Db } = {}): Promise<AreaSettings> {
    if (!opts.fresh && cache && Date.now() - cache.at < TTL_MS) return cache.value;
    const [row] = await (opts.tx ?? database.db).select().from(settings).where(eq(settings.key, 'area'));
    const parsed = row ? areaSettingsSchema.safeParse(row.value) : undefined;
    const value = parsed?.success ? parsed.data : DEFAULT_AREA_SETTINGS;
    cache = { value, at: Date.now() };
    return value;
  }

  async function setArea(actor: Actor, input: AreaSettings): Promise<AreaSettings> {
    const value = areaSettingsSchema.parse(input);
    await database.transaction(async (tx) => {
      const [before] = await tx.select().from(settings).where(eq(settings.key, 'area'));
      await tx
        .insert(settings)
        .values({ key: 'area', value })
        .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
      await recordAudit(tx, actor, {
        action: 'settings.update',
        entityType: 'settings',
        entityId: 'area',
        summary: 'Changed the settings of the policing area',
        before: before?.value ?? null,
        after: value,
      });
    });
    cache = undefined;
    return value;
  }

  return { getArea, setArea };
}
export type SettingsService = ReturnType<typeof createSettingsService>;
