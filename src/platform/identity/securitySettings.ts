import { z } from 'zod';
import type { Database } from '../../db/index.js';
import { recordAudit } from '../audit.js';
import { RuleError } from '../http.js';
import type { Actor } from '../roles.js';
import { readSetting, writeSetting } from './identityRepository.js';

/** How people sign in, set by an administrator at /admin/security. */
export const securitySettingsSchema = z.object({
  /** Every account signing in with a password must use two-step verification. */
  requireTwoStep: z.boolean().default(false),
  /** Sign-in with an e-mail address and password (off: only through the identity provider). */
  localAccounts: z.boolean().default(true),
});
export type SecuritySettings = z.infer<typeof securitySettingsSchema>;
export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = { requireTwoStep: false, localAccounts: true };

const KEY = 'security';

export function createSecuritySettings(database: Database, opts: { oidcConfigured: boolean }) {
  let cache: { value: SecuritySettings; at: number } | undefined;
  const TTL_MS = 2000; // short: other processes may change settings

  async function get(): Promise<SecuritySettings> {
    if (cache && Date.now() - cache.at < TTL_MS) return cache.value;
    const parsed = securitySettingsSchema.safeParse((await readSetting(database.db, KEY)) ?? {});
    const value = parsed.success ? parsed.data : DEFAULT_SECURITY_SETTINGS;
    // Without an identity provider, local accounts are the only way in: never off.
    if (!opts.oidcConfigured) value.localAccounts = true;
    cache = { value, at: Date.now() };
    return value;
  }

  async function set(actor: Actor, input: SecuritySettings): Promise<SecuritySettings> {
    const value = securitySettingsSchema.parse(input);
    if (!value.localAccounts && !opts.oidcConfigured) {
      throw new RuleError('Local accounts cannot be turned off until sign-in through an identity provider is set up (OIDC_ISSUER)');
    }
    await database.transaction(async (tx) => {
      const before = await readSetting(tx, KEY);
      await writeSetting(tx, KEY, value, new Date());
      await recordAudit(tx, actor, {
        action: 'settings.security',
        entityType: 'settings',
        entityId: KEY,
        summary: `Sign-in settings: two-step verification ${value.requireTwoStep ? 'required' : 'optional'}; local accounts ${value.localAccounts ? 'on' : 'off'}`,
        before: before ?? null,
        after: value,
      });
    });
    cache = undefined;
    return value;
  }

  return { get, set, oidcConfigured: opts.oidcConfigured };
}
export type SecuritySettingsService = ReturnType<typeof createSecuritySettings>;
