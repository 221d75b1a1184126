import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestPerson {
  email: string;
  name: string;
  groups: string[];
  emailVerified?: boolean;
}

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on a local port, for tests:
 * one client, PKCE required, and a login step that signs in whoever the test names next.
 */
export class TestOidcProvider {
  /** Who signs in at the next login step (by account id). */
  nextPerson = '';
  /** The lifetime of ID tokens, in seconds. */
  idTokenSeconds = 600;
  people = new Map<string, TestPerson>();
  requests = 0;
  private server?: Server;
  private cookies = new Map<string, string>();

  constructor(private readonly opts: { clientId: string; clientSecret: string; redirectUri: string; claimIssuer?: (own: string) => string }) {}

  async start(): Promise<string> {
    this.server = createServer();
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const own = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    const issuer = this.opts.claimIssuer ? this.opts.claimIssuer(own) : own;
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: this.opts.clientId,
          client_secret: this.opts.clientSecret,
          redirect_uris: [this.opts.redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
      findAccount: async (_ctx: unknown, id: string) => {
        const p = this.people.get(id);
        return (
          p && {
            accountId: id,
            claims: async () => ({ sub: id, email: p.email, email_verified: p.emailVerified ?? true, name: p.name, groups: p.groups }),
          }
        );
      },
      features: { devInteractions: { enabled: false } },
      pkce: { required: () => true },
      ttl: { IdToken: () => this.idTokenSeconds, AccessToken: 600, Grant: 600, Interaction: 600, Session: 600 },
      jwks: { keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256' }] },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      cookies: { keys: ['openpcc-test-provider-cookie-key'] },
    });
    const handle = provider.callback();
    this.server.on('request', (req, res) => {
      this.requests += 1;
      if (!req.url?.startsWith('/interaction/')) return handle(req, res);
      // The login and consent page of a real provider: here, whoever the test named signs in.
      void (async () => {
        const details = await provider.interactionDetails(req, res);
        const grant = new provider.Grant({ accountId: this.nextPerson, clientId: details.params.client_id });
        grant.addOIDCScope(details.params.scope);
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { login: { accountId: this.nextPerson }, consent: { grantId } }, { mergeWithLastSubmission: false });
      })().catch((e: unknown) => {
        res.statusCode = 500;
        res.end(String(e));
      });
    });
    return own;
  }

  /**
   * Follows the browser's way through the provider from the authorization URL the app sent it to,
   * back to the app: returns the path and query of the app's callback.
   */
  async authorize(authorizationUrl: string): Promise<string> {
    this.cookies.clear(); // a fresh browser: no single sign-on from the last test
    let url = authorizationUrl;
    for (let hops = 0; hops < 10; hops++) {
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair.indexOf('=');
        this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
      }
      const location = res.headers.get('location');
      if (!location) throw new Error(`the provider answered ${res.status} without a redirect: ${(await res.text()).slice(0, 300)}`);
      const next = new URL(location, url);
      if (next.pathname === new URL(this.opts.redirectUri).pathname) return `${next.pathname}${next.search}`;
      url = next.href;
    }
    throw new Error('too many redirects at the provider');
  }

  async stop() {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
