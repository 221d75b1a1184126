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

export function createLogger(config: Pick<Config, 'logLevel' | 'env'>): FastifyBaseLogger {
  return pino({
    level: config.env === 'test' ? 'silent' : config.logLevel,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
  }) as unknown as FastifyBaseLogger;
}

/** The cross-cutting services every module receives (wired by hand, no container). */
export function createPlatform(config: Config, database: Database, logger = createLogger(config)): Platform {
  const mailer = createMailer(database, { smtpUrl: config.smtpUrl, from: config.mailFrom });
  const settings = createSettingsService(database);
  return {
    config,
    database,
    logger,
    settings,
    users: createUsersService(database, { mailer, baseUrl: config.baseUrl }),
    mailer,
    storage: createLocalStorage(config.uploadDir),
    jobs: createJobs(database, logger),
    pageCache: createPageCache(database, settings),
  };
}
