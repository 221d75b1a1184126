import type { Platform, AppModule } from './context.js';
import { SYSTEM_ACTOR, type Role } from './roles.js';
import { meta } from './schema.js';
import type { AreaSettings } from './settings.js';

/** The demo accounts: one per role. They exist only when the demo data is loaded, never in production. */
export const DEMO_PASSWORD = 'demo-password-2026';
export const DEMO_USERS: { email: string; name: string; role: Role; organisation?: string }[] = [
  { email: 'admin@demo.openpcc.test', name: 'Alex Admin', role: 'admin', organisation: 'OPCC' },
  { email: 'editor@demo.openpcc.test', name: 'Eden Editor', role: 'editor', organisation: 'OPCC' },
  { email: 'analyst@demo.openpcc.test', name: 'Ana Analyst', role: 'analyst', organisation: 'OPCC' },
  { email: 'forcelead@demo.openpcc.test', name: 'Frankie Lead', role: 'force-lead', organisation: 'Cleveland Police' },
  { email: 'commissioner@demo.openpcc.test', name: 'Casey Commissioner', role: 'commissioner', organisation: 'OPCC' },
  { email: 'panel@demo.openpcc.test', name: 'Pat Panel', role: 'panel-member', organisation: 'Cleveland Police and Crime Panel' },
];

export const CLEVELAND_SETTINGS: AreaSettings = {
  areaName: 'Cleveland',
  bodyName: 'Office of the Police and Crime Commissioner for Cleveland',
  bodyShortName: 'Cleveland OPCC',
  electedHeadTitle: 'Police and Crime Commissioner',
  electedHeadName: '',
  voice: 'I',
  scrutinyBodyName: 'Cleveland Police and Crime Panel',
  planKind: 'Police and Crime Plan',
  forceName: 'Cleveland Police',
  forceId: 'cleveland',
  chiefOfficerTitle: 'Chief Constable',
  localAuthorities: [
    { code: 'E06000001', name: 'Hartlepool' },
    { code: 'E06000002', name: 'Middlesbrough' },
    { code: 'E06000003', name: 'Redcar and Cleveland' },
    { code: 'E06000004', name: 'Stockton-on-Tees' },
  ],
  contactEmail: '',
};

/** Where the first start's demo load is: `none` when no load runs in this process. */
export interface DemoStatus {
  state: 'none' | 'loading' | 'ready' | 'failed';
  /** Parts loaded, of `total` (the settings and accounts, then one per module with demo data). */
  done: number;
  total: number;
  /** What is loading now, in words ("crime figures"). */
  loading: string | null;
}

export const noDemoLoad = (): DemoStatus => ({ state: 'none', done: 0, total: 0, loading: null });

const partKey = (name: string) => `demo-part:${name}`;

/**
 * On the first start of an empty database, loads the demo (unless DEMO_DATA=false or in
 * production): settings, one account per role, then each module's demo data through its own
 * import code. Marks the database as initialised either way, so it happens once. Waits for all of it.
 */
export async function initialiseDatabase(platform: Platform, modules: AppModule[]): Promise<'loaded' | 'skipped' | 'already'> {
  const start = await startDemo(platform, modules);
  await start.loadRest();
  return start.state;
}

/**
 * As `initialiseDatabase`, but returns once what the first page needs is in (the settings, the
 * accounts and the modules marked `demoFirst`); `loadRest()`, called once the server answers, loads
 * the other modules' demo data, in order, showing its progress in `platform.demoStatus` (the pages
 * say so). Each part is recorded when done, so a start stopped half way goes on where it stopped.
 */
export async function startDemo(platform: Platform, modules: AppModule[]): Promise<{ state: 'loaded' | 'skipped' | 'already'; loadRest: () => Promise<void> }> {
  const { db } = platform.database;
  const rows = await db.select().from(meta);
  const marks = new Map(rows.map((r) => [r.key, r.value]));
  if (marks.has('initialised')) return { state: 'already', loadRest: async () => undefined };
  const wantDemo = platform.config.demoData && platform.config.env !== 'production';
  const finish = async () => {
    await db
      .insert(meta)
      .values({ key: 'initialised', value: wantDemo ? 'demo' : 'empty' })
      .onConflictDoNothing();
  };
  if (!wantDemo) {
    await finish();
    return { state: 'skipped', loadRest: async () => undefined };
  }
  const parts = modules.filter((m) => m.loadDemo && !marks.has(partKey(m.name)));
  const status = platform.demoStatus;
  Object.assign(status, { state: 'loading', done: 0, total: parts.length + 1, loading: 'the settings and accounts' });
  await loadSettingsAndAccounts(platform);
  status.done += 1;
  const loadPart = async (m: AppModule) => {
    status.loading = m.demoLabel ?? m.name;
    const started = Date.now();
    await m.loadDemo?.();
    await db
      .insert(meta)
      .values({ key: partKey(m.name), value: 'done' })
      .onConflictDoNothing();
    platform.logger.info({ module: m.name, ms: Date.now() - started }, 'demo data loaded');
    status.done += 1;
  };
  for (const m of parts.filter((p) => p.demoFirst)) await loadPart(m);
  const later = parts.filter((p) => !p.demoFirst);
  status.loading = later[0] ? (later[0].demoLabel ?? later[0].name) : null;
  const loadRest = async () => {
    try {
      for (const m of later) await loadPart(m);
      await finish();
      Object.assign(status, { state: 'ready', loading: null });
    } catch (err) {
      Object.assign(status, { state: 'failed', loading: null });
      platform.logger.error({ err }, 'the demo data did not load; it is tried again at the next start');
      throw err;
    } finally {
      // Pages kept while the demo loaded say so; from now on they should not.
      platform.pageCache.clear();
    }
  };
  return { state: 'loaded', loadRest };
}

async function loadSettingsAndAccounts(platform: Platform) {
  await platform.settings.setArea(SYSTEM_ACTOR, CLEVELAND_SETTINGS);
  for (const u of DEMO_USERS) {
    if (await platform.users.findByEmail(u.email)) continue;
    await platform.users.create(SYSTEM_ACTOR, { ...u, password: DEMO_PASSWORD, isDemo: true });
  }
}
