import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Configuration from the environment, validated once at start-up. Every problem is reported
 * together so that an operator fixes them in one go.
 */
const booleanish = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A trusted proxy: an IPv4/IPv6 address, a CIDR range, or a proxy-addr name for a range. */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const kind = isIP(address);
  if (!kind || rest.length) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (kind === 4 ? 32 : 128);
}

/**
 * Which proxies' X-Forwarded-For to believe: `false` (the default: the client is the peer),
 * `true` (every hop: only behind a proxy that overwrites the header), a hop count, or addresses.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): boolean | number | string[] => {
    if (v === 'false') return false;
    if (v === 'true') return true;
    if (/^\d+$/.test(v)) return Number(v);
    const list = v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    const bad = list.filter((x) => !isProxyAddress(x));
    if (!list.length || bad.length) {
      ctx.addIssue({
        code: 'custom',
        message: `must be false, true, a hop count, or addresses/CIDR ranges separated by commas (not valid: ${bad.join(', ') || v})`,
      });
      return z.NEVER;
    }
    return list;
  });

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATA_DIR: z.string().default('./data'),
    DATABASE_URL: z.string().url().optional(),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    BASE_URL: z.string().url().optional(),
    DEMO_DATA: booleanish.default(true),
    PGLITE_SHARED_BUFFERS: z
      .string()
      .regex(/^\d+(kB|MB|GB)$/, 'must be a size such as 32MB')
      .default('32MB'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SMTP_URL: z.string().optional(),
    MAIL_FROM: z.string().default('OpenPCC <no-reply@openpcc.invalid>'),
    UPLOAD_DIR: z.string().optional(),
    SECURE_COOKIES: booleanish.optional(),
    // Sign-in through the force's or office's identity provider (OpenID Connect).
    OIDC_ISSUER: z.string().url().optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    OIDC_ROLE_CLAIM: z
      .string()
      .regex(/^[\w.:/-]+$/, 'must be a claim name, for example groups')
      .default('groups'),
    OIDC_ROLES: z
      .string()
      .regex(
        /^\s*[a-z-]+\s*=[^;=]+(;\s*[a-z-]+\s*=[^;=]+)*;?\s*$/,
        'must be role=group[,group…] pairs separated by ;, for example admin=opcc-admins;editor=opcc-editors',
      )
      .optional(),
    OIDC_ALLOWED_DOMAINS: z.string().optional(),
    OIDC_LABEL: z.string().max(80).default('your organisation account'),
    TRUST_PROXY: trustProxy.default(false),
  })
  .superRefine((env, ctx) => {
    if (env.OIDC_ISSUER) {
      if (!env.OIDC_CLIENT_ID) ctx.addIssue({ code: 'custom', path: ['OIDC_CLIENT_ID'], message: 'is required with OIDC_ISSUER' });
      if (!env.OIDC_ROLES) ctx.addIssue({ code: 'custom', path: ['OIDC_ROLES'], message: 'is required with OIDC_ISSUER (which group gives which role)' });
      if (env.NODE_ENV === 'production' && !env.OIDC_ISSUER.startsWith('https:')) {
        ctx.addIssue({ code: 'custom', path: ['OIDC_ISSUER'], message: 'must be an https address in production' });
      }
    }
    if (env.NODE_ENV === 'production') {
      if (!env.SESSION_SECRET) {
        ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production' });
      }
      if (!env.BASE_URL) {
        ctx.addIssue({ code: 'custom', path: ['BASE_URL'], message: 'is required in production' });
      }
    }
  });

/** How hard password hashes are (platform/identity/password.ts): the lowest cost only under test. */
export type PasswordHashing = 'standard' | 'test';

export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  dataDir: string;
  uploadDir: string;
  databaseUrl?: string;
  sessionSecret: string;
  baseUrl: string;
  demoData: boolean;
  /**
   * The embedded database's buffer cache. PGlite sets all of it up at every start (128 MB, the
   * PostgreSQL default, took half a second here), and the operating system caches the files
   * anyway; a large database may want more (PGLITE_SHARED_BUFFERS).
   */
  pgliteSharedBuffers: string;
  logLevel: string;
  smtpUrl?: string;
  mailFrom: string;
  secureCookies: boolean;
  /** OpenID Connect sign-in, when OIDC_ISSUER is set. */
  oidc?: OidcConfig;
  /** Fastify's trustProxy: false, true, a hop count, or trusted proxy addresses/CIDR ranges. */
  trustProxy: boolean | number | string[];
  /** The cost of password hashes: the lowest only under test (NODE_ENV=test), standard otherwise. */
  passwordHashing: PasswordHashing;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** The claim holding the person's groups (or roles) at the identity provider. */
  roleClaim: string;
  /** Role → the groups that give it, in the order written: the first role matched wins. */
  roles: { role: string; groups: string[] }[];
  /** Only e-mail addresses in these domains may sign in (none: any). */
  allowedDomains: string[];
  /** Shown on the button: "Sign in with …". */
  label: string;
}

function parseOidcRoles(value: string): OidcConfig['roles'] {
  return value
    .split(';')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const [role, groups] = pair.split('=');
      return {
        role: role.trim(),
        groups: groups
          .split(',')
          .map((g) => g.trim())
          .filter(Boolean),
      };
    });
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A fixed development secret: never accepted in production (see the schema above). */
const DEVELOPMENT_SECRET = 'openpcc-development-secret-not-for-production-use';

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as they do in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = e.DATA_DIR;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    uploadDir: e.UPLOAD_DIR ?? `${dataDir.replace(/\/$/, '')}/uploads`,
    databaseUrl: e.DATABASE_URL,
    sessionSecret: e.SESSION_SECRET ?? DEVELOPMENT_SECRET,
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    demoData: e.DEMO_DATA,
    pgliteSharedBuffers: e.PGLITE_SHARED_BUFFERS,
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    secureCookies: e.SECURE_COOKIES ?? e.NODE_ENV === 'production',
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_ROLES
        ? {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            roleClaim: e.OIDC_ROLE_CLAIM,
            roles: parseOidcRoles(e.OIDC_ROLES),
            allowedDomains: (e.OIDC_ALLOWED_DOMAINS ?? '')
              .split(',')
              .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
              .filter(Boolean),
            label: e.OIDC_LABEL,
          }
        : undefined,

    trustProxy: e.TRUST_PROXY,
    passwordHashing: e.NODE_ENV === 'test' ? 'test' : 'standard',
  };
}
