import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/index.js';
import type { Platform } from './context.js';
import { createUsersService } from './identity/usersService.js';
import { createMailer } from './mailer.js';
import { createSettingsService } from './settings.js';
import { createLocalStorage } from './storage.js';
import { createJobs } from './jobs.js';
import { createPageCache } from './pageCache.js';
import { createNotifications } from './notifications.js';
import { createSubscriptions } from './subscriptions.js';
import { systemClock, type Clock } from './clock.js';
import { noDemoLoad } from './demo.js';

/** How often queued e-mail is retried and daily digests are looked for. */
export const MAIL_DELIVERY_MS = 60 * 1000;
export const DIGEST_CHECK_MS = 15 * 60 * 1000;

export function createLogger(config: Pick<Config, 'logLevel' | 'env'>): FastifyBaseLogger {
  return pino({
    level: config.env === 'test' ? 'silent' : config.logLevel,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
  });
}

/** The cross-cutting services every module receives (wired by hand, no container). */
export function createPlatform(config: Config, database: Database, logger = createLogger(config), clock: Clock = systemClock): Platform {
  const mailer = createMailer(database, { smtpUrl: config.smtpUrl, from: config.mailFrom });
  const settings = createSettingsService(database);
  const jobs = createJobs(database, logger);
  const notifications = createNotifications(database, mailer, { baseUrl: config.baseUrl });
  // Mail queued in a transaction (notifications, subscriptions) and mail that failed is sent by
  // this task too, so a restart between queuing and sending still sends it, once.
  jobs.every('mail-delivery', MAIL_DELIVERY_MS, async () => `sent ${await mailer.deliverQueued()}`);
  jobs.every('notification-digests', DIGEST_CHECK_MS, () => notifications.runDigests());
  return {
    clock,
    demoStatus: noDemoLoad(),
    config,
    database,
    logger,
    settings,
    users: createUsersService(database, { mailer, baseUrl: config.baseUrl, hashing: config.passwordHashing }),
    mailer,
    storage: createLocalStorage(config.uploadDir),
    jobs,
    pageCache: createPageCache(database, { today: () => clock.today() }),
    notifications,
    subscriptions: createSubscriptions(database, mailer, { baseUrl: config.baseUrl, secret: config.sessionSecret }),
  };
}
