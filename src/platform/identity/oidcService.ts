import * as client from 'openid-client';
import type { OidcConfig } from '../../config.js';
import type { Database } from '../../db/index.js';
import { recordAudit } from '../audit.js';
import { type Actor, type Role, isRole } from '../roles.js';
import { insertExternalUser, linkOidcIdentity, oidcIdentity, updateUserSignIn, userByEmail, userWithSecrets } from './identityRepository.js';

/** What is kept in the session between sending someone to the provider and their return. */
export interface OidcPending {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

export type OidcRefusal = 'failed' | 'no-email' | 'domain' | 'unmapped' | 'disabled';
export type OidcResult = { ok: true; userId: string } | { ok: false; reason: OidcRefusal; detail?: string };

/** The role given by the person's groups: the first role in the configured order with a matching group. */
export function roleFromClaims(config: Pick<OidcConfig, 'roleClaim' | 'roles'>, claims: Record<string, unknown>): Role | undefined {
  const raw = claims[config.roleClaim];
  const groups = new Set((Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : []).map(String));
  const match = config.roles.find((r) => r.groups.some((g) => groups.has(g)));
  return match && isRole(match.role) ? match.role : undefined;
}

export function emailAllowed(allowedDomains: string[], email: string): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return allowedDomains.length === 0 || allowedDomains.includes(domain);
}

/**
 * Sign-in through the office's or force's identity provider by OpenID Connect (authorization
 * code with PKCE, state and nonce, with `openid-client`). The provider says who the person is and
 * which groups they are in; the configured groups give the role, again at every sign-in. The
 * first sign-in makes the account (or joins one with the same verified e-mail address).
 */
export function createOidcService(database: Database, config: OidcConfig, opts: { baseUrl: string; allowHttp: boolean; now?: () => Date }) {
  for (const r of config.roles) {
    if (!isRole(r.role)) throw new Error(`OIDC_ROLES: ${r.role} is not a role (one of admin, editor, analyst, force-lead, commissioner, panel-member)`);
  }
  const now = opts.now ?? (() => new Date());
  const redirectUri = `${opts.baseUrl}/sign-in/oidc/callback`;
  let discovered: Promise<client.Configuration> | undefined;

  /** The provider's configuration, discovered once (tried again after a failure). */
  function configuration(): Promise<client.Configuration> {
    // The checks of token times use this service's clock (injected in tests).
    const metadata: Partial<client.ClientMetadata> = { [client.clockSkew]: Math.round((now().getTime() - Date.now()) / 1000) };
    if (config.clientSecret) metadata.client_secret = config.clientSecret;
    discovered ??= client
      .discovery(new URL(config.issuer), config.clientId, metadata, undefined, {
        execute: opts.allowHttp ? [client.allowInsecureRequests] : [],
      })
      .catch((e: unknown) => {
        discovered = undefined;
        throw e;
      });
    return discovered;
  }

  /** Where to send the person, and what to remember until they come back. */
  async function start(returnTo: string): Promise<{ url: string; pending: OidcPending }> {
    const c = await configuration();
    const pending: OidcPending = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier(), returnTo };
    const url = client.buildAuthorizationUrl(c, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /** Checks the provider's answer (state, PKCE, nonce, ID token) and signs the person in or refuses them. */
  async function finish(callbackPathAndQuery: string, pending: OidcPending, requestId?: string): Promise<OidcResult> {
    let claims: Record<string, unknown>;
    try {
      const c = await configuration();
      const tokens = await client.authorizationCodeGrant(c, new URL(callbackPathAndQuery, opts.baseUrl), {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = { ...tokens.claims() };
      if (typeof claims.email !== 'string' || claims[config.roleClaim] === undefined) {
        claims = { ...(await client.fetchUserInfo(c, tokens.access_token, String(claims.sub))), ...claims };
      }
    } catch (e) {
      const cause = e && typeof e === 'object' && 'cause' in e ? messageOf(e.cause) : undefined;
      return { ok: false, reason: 'failed', detail: cause ? `${messageOf(e)}: ${cause}` : messageOf(e) };
    }
    return signIn(claims, requestId);
  }

  async function signIn(claims: Record<string, unknown>, requestId?: string): Promise<OidcResult> {
    const subject = String(claims.sub ?? '');
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!subject || !email || claims.email_verified === false) return { ok: false, reason: 'no-email' };
    if (!emailAllowed(config.allowedDomains, email)) return { ok: false, reason: 'domain' };
    const role = roleFromClaims(config, claims);
    if (!role) return { ok: false, reason: 'unmapped' };
    const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email;
    const at = now();
    return database.transaction(async (tx) => {
      const linked = await oidcIdentity(tx, config.issuer, subject);
      let user = linked ? await userWithSecrets(tx, linked.userId) : await userByEmail(tx, email);
      const system: Actor = { id: null, label: `identity provider (${config.label})`, role: null, requestId };
      if (!user) {
        user = await insertExternalUser(tx, { email, name, role, now: at });
        await recordAudit(tx, system, {
          action: 'user.create',
          entityType: 'user',
          entityId: user.id,
          summary: `Created account ${email} (${role}) at its first sign-in through ${config.label}`,
          after: { email, name, role },
        });
      } else if (user.status !== 'active') {
        return { ok: false, reason: 'disabled' } as const;
      } else if (user.role !== role || user.name !== name) {
        await recordAudit(tx, system, {
          action: 'user.update',
          entityType: 'user',
          entityId: user.id,
          summary: `Role or name from ${config.label}`,
          before: { role: user.role, name: user.name },
          after: { role, name },
        });
      }
      await updateUserSignIn(tx, user.id, { role, name, now: at });
      await linkOidcIdentity(tx, config.issuer, subject, user.id, at);
      await recordAudit(
        tx,
        { id: user.id, label: email, role, requestId },
        { action: 'user.sign-in', entityType: 'user', entityId: user.id, summary: `Signed in through ${config.label}` },
      );
      return { ok: true, userId: user.id } as const;
    });
  }

  return { start, finish, label: config.label };
}
export type OidcService = ReturnType<typeof createOidcService>;

/** The message of a thrown value, when it has one. */
function messageOf(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'message' in e && typeof e.message === 'string' ? e.message : undefined;
}
