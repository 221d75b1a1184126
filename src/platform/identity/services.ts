import type { Platform } from '../context.js';
import { createOidcService } from './oidcService.js';
import { createPasswordService } from './passwordService.js';
import { createSecuritySettings } from './securitySettings.js';
import { createSignInThrottle } from './signInThrottle.js';
import { createTwoStepService } from './twoStepService.js';

/** The sign-in services beside the accounts (platform.users), wired by hand. */
export function createIdentityServices(platform: Platform) {
  const { database, config, users, mailer } = platform;
  const throttle = createSignInThrottle(database);
  return {
    security: createSecuritySettings(database, { oidcConfigured: Boolean(config.oidc) }),
    twoStep: createTwoStepService(database, { sessionSecret: config.sessionSecret, throttle }),
    passwords: createPasswordService(database, { users, mailer, baseUrl: config.baseUrl, hashing: config.passwordHashing }),
    oidc: config.oidc ? createOidcService(database, config.oidc, { baseUrl: config.baseUrl, allowHttp: config.env !== 'production' }) : undefined,
  };
}
export type IdentityServices = ReturnType<typeof createIdentityServices>;
