import { eq } from 'drizzle-orm';
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

/**
 * On the first start of an empty database, loads the demo (unless DEMO_DATA=false or in
 * production): settings, one account per role, then each module's demo data through its own
 * import code. Marks the database as initialised either way, so it happens once.
 */
export async function initialiseDatabase(platform: Platform, modules: AppModule[]): Promise<'loaded' | 'skipped' | 'already'> {
  const { db } = platform.database;
  const [done] = await db.select().from(meta).where(eq(meta.key, 'initialised'));
  if (done) return 'already';
  const wantDemo = platform.config.demoData && platform.config.env !== 'production';
  if (wantDemo) {
    await loadDemo(platform, modules);
  }
  await db
    .insert(meta)
    .values({ key: 'initialised', value: wantDemo ? 'demo' : 'empty' })
    .onConflictDoNothing();
  return wantDemo ? 'loaded' : 'skipped';
}

export async function loadDemo(platform: Platform, modules: AppModule[]) {
  const log = platform.logger;
  await platform.settings.setArea(SYSTEM_ACTOR, CLEVELAND_SETTINGS);
  for (const u of DEMO_USERS) {
    if (await platform.users.findByEmail(u.email)) continue;
    await platform.users.create(SYSTEM_ACTOR, { ...u, password: DEMO_PASSWORD, isDemo: true });
  }
  for (const m of modules) {
    if (!m.loadDemo) continue;
    const started = Date.now();
    await m.loadDemo();
    log.info({ module: m.name, ms: Date.now() - started }, 'demo data loaded');
  }
}
