import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Command } from 'commander';
import type { Config } from '../config.js';
import type { Database } from '../db/index.js';
import type { Mailer } from './mailer.js';
import type { SettingsService } from './settings.js';
import type { FileStorage } from './storage.js';
import type { Jobs } from './jobs.js';
import type { UsersService } from './identity/usersService.js';
import type { PageCache } from './pageCache.js';
import type { Role } from './roles.js';
import type { Clock } from './clock.js';
import type { DemoStatus } from './demo.js';

import type { Notifications } from './notifications.js';
import type { Subscriptions } from './subscriptions.js';

/** What every module is given: the shared, cross-cutting services. */
export interface Platform {
  config: Config;
  database: Database;
  logger: FastifyBaseLogger;
  settings: SettingsService;
  users: UsersService;
  mailer: Mailer;
  storage: FileStorage;
  /** Background jobs and scheduled tasks (started by main.ts, not in tests unless asked). */
  jobs: Jobs;
  /** Public pages kept until the data they show changes (see pageCache.ts). */
  pageCache: PageCache;
  /** Tells staff (and outside people) what happened, in the transaction of the change (notifications.ts). */
  notifications: Notifications;
  /** Residents' e-mail subscriptions to public topics; `notifySubscribers(tx, topic, msg)` (subscriptions.ts). */
  subscriptions: Subscriptions;
  /** The app's one clock (clock.ts): services ask it for the time and today's date. */
  clock: Clock;
  /** The first start's demo load, when this process runs one (demo.ts). */
  demoStatus: DemoStatus;
}

export interface NavItem {
  text: string;
  href: string;
  /** Shown only to people allowed this (for staff navigation). */
  visible?: (role: Role | null) => boolean;
  /** Active only on this very address, not on the pages under it. */
  exact?: boolean;
  /** Show the count of tasks of this module (`*`: all of them) beside the text. */
  countOf?: string;
  /** On a wide screen, listed under "More" rather than in the row (administration pages). */
  more?: boolean;
}

/** An entry in the open-data catalogue of the public site. */
export interface OpenDataset {
  title: string;
  description: string;
  formats: { label: string; href: string }[];
}

/** The person whose tasks are asked for. */
export interface TaskUser {
  id: string;
  name: string;
  role: Role;
  organisation: string | null;
}

/** Something waiting for a person, linked to the page where it is done. */
export interface Task {
  /** `<module>.<kind>`, e.g. `delivery.update-due`. */
  kind: string;
  /** What to do, in plain English. */
  title: string;
  detail?: string;
  /** ISO date it is due (or happens); tasks without one come last. */
  due?: string | null;
  /** Past its date. */
  overdue?: boolean;
  /** A page this person may open (checked against the module's permission table). */
  href: string;
}

/**
 * A module's manifest: what app.ts mounts. Modules are plain objects made by a factory that
 * takes the platform and the services of the modules below it.
 */
export interface AppModule {
  name: string;
  /** Registers the module's routes (staff under /admin, public pages, /api/v1). */
  routes(app: FastifyInstance): Promise<void> | void;
  staffNav?: NavItem[];
  /** Who may read the change history (/admin/history/<type>/<id>) of each kind of record it audits. */
  history?: Record<string, (role: Role | null) => boolean>;
  publicNav?: NavItem[];
  openData?: OpenDataset[];
  /** Adds commands to `npx openpcc`. */
  cli?(program: Command): void;
  /** Loads this module's part of the demo data (first start, empty database). */
  loadDemo?(): Promise<void>;
  /** Load this module's demo before the server answers (what the first page needs); the others load after. */
  demoFirst?: boolean;
  /** What this module's demo data is, in words, for the pages saying the demo is loading ("crime figures"). */
  demoLabel?: string;
  /** Background work started with the server (reminders, imports). Returns a stop function. */
  start?(): Promise<() => Promise<void>>;
  /**
   * What waits for this person in this module at `now` (the staff home's "Your tasks"). Only
   * tasks whose link the person's role may open; the clock is the caller's.
   */
  tasks?(user: TaskUser, now: Date): Promise<Task[]>;
}
