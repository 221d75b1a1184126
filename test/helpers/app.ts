import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Role } from '../../src/platform/roles.js';
import { SYSTEM_ACTOR } from '../../src/platform/roles.js';
import { createTestDb, type TestDb } from './db.js';
import { settableClock, type SettableClock } from '../../src/platform/clock.js';
import { createLogger, createPlatform } from '../../src/platform/index.js';

export const TEST_PASSWORD = 'correct-horse-battery-staple';

export interface TestApp extends BuiltApp {
  db: TestDb;
  /** The app's clock: `clock.set('2025-06-01')` moves every module's today (and the page cache's). */
  clock: SettableClock;
  close(): Promise<void>;
  /** Creates an account with this role and returns an agent signed in as it. */
  signInAs(role: Role, opts?: { email?: string; organisation?: string; name?: string }): Promise<Agent>;
  /** An agent for an anonymous visitor. */
  anonymous(): Agent;
}

/** The real app (CSRF on, sessions in the database) on a fresh test database. */
export async function buildTestApp(opts: { env?: Record<string, string> } = {}): Promise<TestApp> {
  const db = await createTestDb();
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: '.tmp/test-data', LOG_LEVEL: 'silent', ...opts.env });
  const clock = settableClock();
  const built = await buildApp({ config, database: db, platform: createPlatform(config, db, createLogger(config), clock) });
  await built.app.ready();
  let n = 0;
  return {
    ...built,
    db,
    clock,
    async close() {
      await built.app.close();
      await db.destroy();
    },
    anonymous: () => new Agent(built.app),
    async signInAs(role, o = {}) {
      n += 1;
      const email = o.email ?? `${role}-${n}-${Date.now()}@test.openpcc.test`;
      await built.platform.users.create(SYSTEM_ACTOR, {
        email,
        name: o.name ?? `Test ${role} ${n}`,
        role,
        password: TEST_PASSWORD,
        organisation: o.organisation,
      });
      const agent = new Agent(built.app);
      const res = await agent.submit('/sign-in', { email, password: TEST_PASSWORD });
      if (res.statusCode !== 302) throw new Error(`sign-in failed for ${email}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      agent.userEmail = email;
      return agent;
    },
  };
}

/**
 * A browser-like client over app.inject: keeps cookies, and `submit` fetches the form page's
 * CSRF token first (as a browser would have it) before posting.
 */
let agents = 0;

export class Agent {
  cookies = new Map<string, string>();
  userEmail?: string;
  /**
   * Each agent is its own machine, as each user of the real thing is: its own address, so the
   * per-address rate limits (sign-in: 30 a minute) count one person's requests, not the suite's.
   */
  readonly remoteAddress: string;
  constructor(private readonly app: FastifyInstance) {
    agents += 1;
    this.remoteAddress = `198.18.${(agents >> 8) & 255}.${agents & 255}`;
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.keep(await this.app.inject({ method: 'GET', url, remoteAddress: this.remoteAddress, headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  /** A CSRF token valid for this agent's cookie (taken from any page's form). */
  async csrfToken(from = '/sign-in'): Promise<string> {
    const res = await this.get(from);
    const m = res.body.match(/name="_csrf" value="([^"]+)"/);
    if (!m) throw new Error(`no CSRF token on ${from} (status ${res.statusCode})`);
    return m[1];
  }

  /** POSTs a urlencoded form with a valid CSRF token (unless `csrf: false`). */
  async submit(url: string, form: Record<string, string | string[]>, opts: { csrf?: boolean; tokenFrom?: string; token?: string } = {}) {
    const body = new URLSearchParams();
    if (opts.csrf !== false) body.append('_csrf', opts.token ?? (await this.csrfToken(opts.tokenFrom ?? (this.userEmail ? '/admin' : '/sign-in'))));
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      }),
    );
  }

  /** POSTs multipart/form-data (file uploads) with a CSRF token. */
  async upload(url: string, fields: Record<string, string>, files: { field: string; filename: string; content: Buffer | string; type?: string }[]) {
    const token = await this.csrfToken(this.userEmail ? '/admin' : '/sign-in');
    const boundary = `----openpcc${Date.now()}`;
    const parts: Buffer[] = [];
    const add = (s: string) => parts.push(Buffer.from(s));
    for (const [k, v] of Object.entries({ _csrf: token, ...fields })) {
      add(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    }
    for (const f of files) {
      add(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      );
      parts.push(Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content));
      add('\r\n');
    }
    add(`--${boundary}--\r\n`);
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url: `${url}${url.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(token)}`,
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookieHeader(), 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat(parts),
      }),
    );
  }
}

/** Text content of the page without tags, whitespace folded: for assertions on what people read. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}
