import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { emailAllowed, roleFromClaims } from './oidcService.js';

describe('OIDC settings', () => {
  it('reads the role map, domains and label from the environment', () => {
    const config = loadConfig({
      OIDC_ISSUER: 'https://login.example/tenant/v2.0',
      OIDC_CLIENT_ID: 'openpcc',
      OIDC_CLIENT_SECRET: 's3cret',
      OIDC_ROLES: 'admin=opcc-admins; force-lead=force-leads,chief-officers',
      OIDC_ALLOWED_DOMAINS: '@Cleveland.police.uk, cleveland.pcc.police.uk',
    });
    expect(config.oidc).toEqual({
      issuer: 'https://login.example/tenant/v2.0',
      clientId: 'openpcc',
      clientSecret: 's3cret',
      roleClaim: 'groups',
      roles: [
        { role: 'admin', groups: ['opcc-admins'] },
        { role: 'force-lead', groups: ['force-leads', 'chief-officers'] },
      ],
      allowedDomains: ['cleveland.police.uk', 'cleveland.pcc.police.uk'],
      label: 'your organisation account',
    });
    expect(loadConfig({}).oidc).toBeUndefined();
  });

  it('reports every missing or malformed setting at once', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), BASE_URL: 'https://pcc.example', OIDC_ISSUER: 'http://login.example' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems).toEqual([
      'OIDC_CLIENT_ID: is required with OIDC_ISSUER',
      'OIDC_ROLES: is required with OIDC_ISSUER (which group gives which role)',
      'OIDC_ISSUER: must be an https address in production',
    ]);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://login.example', OIDC_CLIENT_ID: 'c', OIDC_ROLES: 'admins' })).toThrow(/OIDC_ROLES: must be role=group/);
  });

  it('gives the first role in the configured order whose group the person is in', () => {
    const roles = [
      { role: 'admin', groups: ['opcc-admins'] },
      { role: 'analyst', groups: ['performance-team'] },
    ];
    expect(roleFromClaims({ roleClaim: 'groups', roles }, { groups: ['performance-team', 'opcc-admins'] })).toBe('admin');
    expect(roleFromClaims({ roleClaim: 'groups', roles }, { groups: ['performance-team'] })).toBe('analyst');
    expect(roleFromClaims({ roleClaim: 'roles', roles }, { roles: 'staff performance-team' })).toBe('analyst');
    expect(roleFromClaims({ roleClaim: 'groups', roles }, { groups: ['canteen'] })).toBeUndefined();
    expect(roleFromClaims({ roleClaim: 'groups', roles }, {})).toBeUndefined();
  });

  it('allows any domain when none is listed, otherwise only those listed', () => {
    expect(emailAllowed([], 'a@anywhere.test')).toBe(true);
    expect(emailAllowed(['cleveland.police.uk'], 'A@Cleveland.Police.UK')).toBe(true);
    expect(emailAllowed(['cleveland.police.uk'], 'a@cleveland.police.uk.evil.test')).toBe(false);
  });
});
