import type { Db } from '../../db/index.js';
import type { Platform } from '../../platform/context.js';
import { RuleError, notFound } from '../../platform/http.js';
import { storeThenRecord } from '../../platform/storage.js';
import type { ScrutinyDeps } from './deps.js';
import { createPlanReview, type ReviewNotice } from './planReview.js';
import { scrutinyRepository as repo } from './scrutinyRepository.js';
import type { DocumentOwner } from './schema.js';

/** What the scrutiny service uses of the platform. */
export type ScrutinyPlatform = Pick<Platform, 'database' | 'storage' | 'settings' | 'mailer' | 'logger' | 'clock'> &
  Partial<Pick<Platform, 'notifications' | 'subscriptions'>>;

export interface UploadedFile {
  data: Buffer;
  fileName: string;
  contentType: string;
}
type StoredDocument = { fileKey: string; fileName: string; contentType: string; size: number };

/** The record, or 404 "No such …". */
export async function must<T>(p: Promise<T | undefined>, what: string): Promise<T> {
  const v = await p;
  if (!v) throw notFound(`No such ${what}`);
  return v;
}

/**
 * What the parts of the scrutiny service share: the platform, the other modules' services, the
 * plan's Panel review, the notices, and the storing of papers.
 */
export function createScrutinyContext(platform: ScrutinyPlatform, deps: ScrutinyDeps & { notifyReview?: (notice: ReviewNotice) => Promise<void> }) {
  const database = platform.database;
  /** The plan's Panel review stage (planReview.ts): the Panel's item, the response, its publication. */
  const review = createPlanReview(database, {
    scrutinyBodyName: async () => (await platform.settings.getArea()).scrutinyBodyName,
    notify: deps.notifyReview,
    now: () => platform.clock.now(),
  });
  const notices =
    platform.notifications && platform.subscriptions ? { notifications: platform.notifications, subscriptions: platform.subscriptions } : undefined;

  /** One transaction with the file stored first: the file is removed again if the transaction fails. */
  const withFile = <T>(f: UploadedFile | undefined, write: (tx: Db, stored?: StoredDocument) => Promise<T>) =>
    storeThenRecord(platform.storage, f ? [{ data: f.data, name: f.fileName }] : [], ([s]) =>
      database.transaction((tx) =>
        write(tx, f && { fileKey: s.key, fileName: f.fileName.replace(/[\\/]/g, '_').slice(0, 200), contentType: f.contentType, size: s.size }),
      ),
    );

  async function addDocument(tx: Db, ownerType: DocumentOwner, ownerId: string, title: string, url: string | null, stored?: StoredDocument) {
    if (!url && !stored) throw new RuleError('Attach a file or give a link to the document');
    return repo.insertDocument(tx, { ownerType, ownerId, title, url: stored ? null : url, ...stored });
  }

  /** The priorities of the plan in force (or the newest plan), for topics and findings. */
  async function priorityChoices() {
    const plans = await deps.plans.list({ includeDrafts: false });
    const current = plans.find((p) => p.status === 'published') ?? plans[0];
    if (!current) return [];
    const tree = await deps.plans.getTree(current.id);
    return (tree?.priorities ?? []).map((p) => ({ id: p.id, title: `${p.reference}: ${p.title}` }));
  }

  return { platform, deps, database, db: database.db, clock: platform.clock, review, notices, withFile, addDocument, priorityChoices };
}
export type ScrutinyContext = ReturnType<typeof createScrutinyContext>;
