import { and, asc, desc, eq, gte, inArray, lte, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import { auditLog } from '../../platform/schema.js';
import { insertSelect } from '../../platform/sqlInsert.js';
import { codes, codingNotes, consultations, contacts, logEntries, methods, quotations, responses, surveys, themes } from './schema.js';

export type Consultation = typeof consultations.$inferSelect;
export type Method = typeof methods.$inferSelect;
export type Survey = typeof surveys.$inferSelect;
export type Response = typeof responses.$inferSelect;
export type Theme = typeof themes.$inferSelect;
export type Quotation = typeof quotations.$inferSelect;
export type LogEntry = typeof logEntries.$inferSelect;
export type Code = typeof codes.$inferSelect;
export type CodingNote = typeof codingNotes.$inferSelect;

/**
 * A row's version as PostgreSQL keeps it: the transaction that wrote this version of the row
 * (`xmin`), which any update changes. Compared, never interpreted.
 */
export interface Revisions {
  consultation: string;
  survey: string;
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

const RESPONSE_COLUMNS = ['id', 'surveyId', 'reference', 'channel', 'answers', 'areaCode', 'synthetic', 'sourceKey', 'enteredBy', 'submittedAt'] as const;
const AUDIT_COLUMNS = ['actorId', 'actorLabel', 'action', 'entityType', 'entityId', 'summary', 'before', 'after', 'requestId'] as const;
const placeholders = <K extends string>(prefix: string, keys: readonly K[]) =>
  // Cast: Object.fromEntries types its keys as string; they are exactly `keys`.
  Object.fromEntries(keys.map((k) => [k, sql.placeholder(`${prefix}.${k}`)])) as Record<K, Placeholder>;

function buildStoreResponse(db: Db) {
  const response = placeholders('response', RESPONSE_COLUMNS);
  const unchanged = sql`${sql.placeholder('surveyRevision')}::text is null or exists (
    select 1 from ${surveys} join ${consultations} on ${consultations.id} = ${surveys.consultationId}
    where ${surveys.id} = ${response.surveyId}::uuid and ${surveys}.xmin::text = ${sql.placeholder('surveyRevision')}::text
      and ${consultations}.xmin::text = ${sql.placeholder('consultationRevision')}::text)`;
  const r = db.$with('r', {}).as(sql`${insertSelect(responses, response, sql`where ${unchanged}`)} returning ${sql.identifier(responses.id.name)}`);
  const a = db.$with('a', {}).as(insertSelect(auditLog, placeholders('audit', AUDIT_COLUMNS), sql`from r`));
  const contact = { consultationId: sql.placeholder('contactConsultationId'), email: sql.placeholder('contactEmail') };
  const c = db
    .$with('c', {})
    .as(insertSelect(contacts, contact, sql`from r where ${sql.placeholder('contactEmail')}::text is not null on conflict do nothing`));
  return db
    .with(r, a, c)
    .select({ id: sql<string>`r.id` })
    .from(sql`r`)
    .prepare('openpcc_engagement_store_response');
}
const storeResponseStatements = new WeakMap<Db, ReturnType<typeof buildStoreResponse>>();
function storeResponseStatement(db: Db) {
  let statement = storeResponseStatements.get(db);
  if (!statement) storeResponseStatements.set(db, (statement = buildStoreResponse(db)));
  return statement;
}

/** SQL only: every function takes the database or a transaction. */
export const engagementRepository = {
  isUuid,
  listConsultations(db: Db) {
    return db.select().from(consultations).orderBy(desc(consultations.opensOn));
  },
  async consultation(db: Db, id: string): Promise<Consultation | undefined> {
    if (!isUuid(id)) return undefined;
    const [c] = await db.select().from(consultations).where(eq(consultations.id, id));
    return c;
  },
  async consultationByReference(db: Db, reference: string): Promise<Consultation | undefined> {
    const [c] = await db.select().from(consultations).where(eq(consultations.reference, reference));
    return c;
  },
  /** The consultation with its row version (see Revisions). */
  async consultationByReferenceWithRevision(db: Db, reference: string): Promise<{ consultation: Consultation; revision: string } | undefined> {
    const [row] = await db
      .select({ consultation: consultations, revision: sql<string>`${consultations}.xmin::text` })
      .from(consultations)
      .where(eq(consultations.reference, reference));
    return row;
  },
  /** A consultation's surveys, newest version first, with their row versions (see Revisions). */
  surveysWithRevisionOf(db: Db, consultationId: string) {
    return db
      .select({ survey: surveys, revision: sql<string>`${surveys}.xmin::text` })
      .from(surveys)
      .where(eq(surveys.consultationId, consultationId))
      .orderBy(desc(surveys.version));
  },
  /**
   * Stores a response, its audit row and (if given) an update e-mail kept apart from it, in one
   * statement: all of them commit or none does. With `unchanged`, only if the survey and its
   * consultation are still at those row versions (the caller checked the survey against them);
   * returns whether the response was stored. A prepared statement: built once, parsed once per
   * connection.
   */
  async storeResponse(
    db: Db,
    row: {
      response: typeof responses.$inferInsert & { id: string };
      audit: typeof auditLog.$inferInsert;
      contact?: typeof contacts.$inferInsert;
      unchanged?: Revisions;
    },
  ): Promise<boolean> {
    const { response, audit, contact, unchanged } = row;
    const values: Record<string, unknown> = {
      surveyRevision: unchanged?.survey ?? null,
      consultationRevision: unchanged?.consultation ?? null,
      contactConsultationId: contact?.consultationId ?? null,
      contactEmail: contact?.email ?? null,
    };
    for (const k of RESPONSE_COLUMNS) values[`response.${k}`] = response[k] ?? null;
    for (const k of AUDIT_COLUMNS) values[`audit.${k}`] = audit[k] ?? null;
    const rows = await storeResponseStatement(db).execute(values);
    return rows.length === 1;
  },
  methodsOf(db: Db, consultationId: string) {
    return db.select().from(methods).where(eq(methods.consultationId, consultationId)).orderBy(asc(methods.position), asc(methods.startsOn));
  },
  surveysOf(db: Db, consultationId: string) {
    return db.select().from(surveys).where(eq(surveys.consultationId, consultationId)).orderBy(desc(surveys.version));
  },
  async survey(db: Db, id: string): Promise<Survey | undefined> {
    if (!isUuid(id)) return undefined;
    const [s] = await db.select().from(surveys).where(eq(surveys.id, id));
    return s;
  },
  async responseCount(db: Db, surveyId: string): Promise<number> {
    const [r] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(responses)
      .where(eq(responses.surveyId, surveyId));
    return r?.n ?? 0;
  },
  responsesOf(db: Db, surveyIds: string[]) {
    if (!surveyIds.length) return Promise.resolve<Response[]>([]);
    return db.select().from(responses).where(inArray(responses.surveyId, surveyIds)).orderBy(asc(responses.submittedAt), asc(responses.reference));
  },
  async response(db: Db, id: string): Promise<Response | undefined> {
    if (!isUuid(id)) return undefined;
    const [r] = await db.select().from(responses).where(eq(responses.id, id));
    return r;
  },
  async responseByReference(db: Db, reference: string): Promise<Response | undefined> {
    const [r] = await db.select().from(responses).where(eq(responses.reference, reference));
    return r;
  },
  themesOf(db: Db, consultationId: string) {
    return db.select().from(themes).where(eq(themes.consultationId, consultationId)).orderBy(asc(themes.position), asc(themes.label));
  },
  async theme(db: Db, id: string): Promise<Theme | undefined> {
    if (!isUuid(id)) return undefined;
    const [t] = await db.select().from(themes).where(eq(themes.id, id));
    return t;
  },
  codesOfResponses(db: Db, responseIds: string[]) {
    if (!responseIds.length) return Promise.resolve<Code[]>([]);
    return db.select().from(codes).where(inArray(codes.responseId, responseIds));
  },
  notesOfResponses(db: Db, responseIds: string[]) {
    if (!responseIds.length) return Promise.resolve<CodingNote[]>([]);
    return db.select().from(codingNotes).where(inArray(codingNotes.responseId, responseIds));
  },
  quotationsOf(db: Db, consultationId: string) {
    return db.select().from(quotations).where(eq(quotations.consultationId, consultationId)).orderBy(asc(quotations.createdAt));
  },
  async quotation(db: Db, id: string): Promise<Quotation | undefined> {
    if (!isUuid(id)) return undefined;
    const [q] = await db.select().from(quotations).where(eq(quotations.id, id));
    return q;
  },
  async responsesByReferences(db: Db, references: string[]) {
    if (!references.length) return [];
    return db.select({ reference: responses.reference }).from(responses).where(inArray(responses.reference, references));
  },
  async contactCount(db: Db, consultationId: string): Promise<number> {
    const [r] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(contacts)
      .where(eq(contacts.consultationId, consultationId));
    return r?.n ?? 0;
  },
  log(db: Db, from?: string, to?: string) {
    const where = [from ? gte(logEntries.heldOn, from) : undefined, to ? lte(logEntries.heldOn, to) : undefined].filter((w): w is SQL => w !== undefined);
    return db
      .select()
      .from(logEntries)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(logEntries.heldOn), asc(logEntries.title));
  },

  // ---- writes: consultations and their methods ----
  async insertConsultation(db: Db, values: typeof consultations.$inferInsert): Promise<Consultation> {
    const [c] = await db.insert(consultations).values(values).returning();
    return c;
  },
  /** Changes a consultation (its `updatedAt` with it) and returns it as it now is. */
  async updateConsultation(db: Db, id: string, set: Partial<typeof consultations.$inferInsert>): Promise<Consultation> {
    const [c] = await db
      .update(consultations)
      .set({ ...set, updatedAt: new Date() })
      .where(eq(consultations.id, id))
      .returning();
    return c;
  },
  async insertMethod(db: Db, values: typeof methods.$inferInsert): Promise<Method> {
    const [m] = await db.insert(methods).values(values).returning();
    return m;
  },
  /** Deletes a method of a consultation; returns what was deleted (nothing when it is not that consultation's). */
  deleteMethod(db: Db, consultationId: string, methodId: string) {
    return db
      .delete(methods)
      .where(and(eq(methods.id, methodId), eq(methods.consultationId, consultationId)))
      .returning();
  },

  // ---- writes: surveys ----
  async insertSurvey(db: Db, values: typeof surveys.$inferInsert): Promise<Survey> {
    const [s] = await db.insert(surveys).values(values).returning();
    return s;
  },
  async setSurveyDefinition(db: Db, id: string, definition: Survey['definition']) {
    await db.update(surveys).set({ definition }).where(eq(surveys.id, id));
  },
  /** Publishes a survey: the consultation's published survey (an earlier version) closes. */
  async publishSurvey(db: Db, consultationId: string, id: string) {
    await db
      .update(surveys)
      .set({ status: 'closed' })
      .where(and(eq(surveys.consultationId, consultationId), eq(surveys.status, 'published')));
    await db.update(surveys).set({ status: 'published', publishedAt: new Date() }).where(eq(surveys.id, id));
  },

  // ---- writes: responses ----
  /** The response imported from a paper form or session (its source reference), if any. */
  async responseIdBySourceKey(db: Db, surveyId: string, sourceKey: string): Promise<string | undefined> {
    const [r] = await db
      .select({ id: responses.id })
      .from(responses)
      .where(and(eq(responses.surveyId, surveyId), eq(responses.sourceKey, sourceKey)));
    return r?.id;
  },
  async updateResponse(db: Db, id: string, set: Partial<typeof responses.$inferInsert>) {
    await db.update(responses).set(set).where(eq(responses.id, id));
  },
  async insertResponse(db: Db, values: typeof responses.$inferInsert) {
    await db.insert(responses).values(values);
  },
  insertResponses(db: Db, rows: (typeof responses.$inferInsert)[]) {
    return db.insert(responses).values(rows).returning({ id: responses.id, reference: responses.reference });
  },

  // ---- writes: codebook, coding, quotations, log ----
  async insertTheme(db: Db, values: typeof themes.$inferInsert): Promise<Theme> {
    const [t] = await db.insert(themes).values(values).returning();
    return t;
  },
  async updateTheme(db: Db, id: string, set: Partial<typeof themes.$inferInsert>) {
    await db.update(themes).set(set).where(eq(themes.id, id));
  },
  codesOfAnswer(db: Db, responseId: string, questionId: string) {
    return db
      .select()
      .from(codes)
      .where(and(eq(codes.responseId, responseId), eq(codes.questionId, questionId)));
  },
  /** Replaces the codes of one answer by `rows`. */
  async replaceCodes(db: Db, responseId: string, questionId: string, rows: (typeof codes.$inferInsert)[]) {
    await db.delete(codes).where(and(eq(codes.responseId, responseId), eq(codes.questionId, questionId)));
    if (rows.length) await db.insert(codes).values(rows);
  },
  /** Replaces the analyst's note on one answer (none when `note` is empty). */
  async replaceNote(db: Db, responseId: string, questionId: string, note: string, author: string) {
    await db.delete(codingNotes).where(and(eq(codingNotes.responseId, responseId), eq(codingNotes.questionId, questionId)));
    if (note) await db.insert(codingNotes).values({ responseId, questionId, note, author });
  },
  async insertQuotation(db: Db, values: typeof quotations.$inferInsert): Promise<Quotation> {
    const [q] = await db.insert(quotations).values(values).returning();
    return q;
  },
  async setQuotationPublished(db: Db, id: string, published: boolean, publishedBy: string | null) {
    await db.update(quotations).set({ published, publishedBy }).where(eq(quotations.id, id));
  },
  async insertLogEntry(db: Db, values: typeof logEntries.$inferInsert): Promise<LogEntry> {
    const [e] = await db.insert(logEntries).values(values).returning();
    return e;
  },

  // ---- the plan's consultation stage (planStage.ts) and the site search ----
  consultationsOfPlan(db: Db, planReference: string) {
    return db.select().from(consultations).where(eq(consultations.planReference, planReference)).orderBy(consultations.createdAt);
  },
  /** How many responses each of these consultations has (only those with any). */
  responseCountsOf(db: Db, consultationIds: string[]) {
    return db
      .select({ consultationId: surveys.consultationId, n: sql<number>`count(${responses.id})::int` })
      .from(surveys)
      .innerJoin(responses, eq(responses.surveyId, surveys.id))
      .where(inArray(surveys.consultationId, consultationIds))
      .groupBy(surveys.consultationId);
  },
  /** The themes of these consultations with how many responses were coded with each, most first. */
  themeCountsOf(db: Db, consultationIds: string[]) {
    return db
      .select({ consultationId: themes.consultationId, label: themes.label, n: sql<number>`count(distinct ${codes.responseId})::int` })
      .from(themes)
      .leftJoin(codes, eq(codes.themeId, themes.id))
      .where(and(inArray(themes.consultationId, consultationIds)))
      .groupBy(themes.consultationId, themes.id, themes.label)
      .orderBy(sql`count(distinct ${codes.responseId}) desc`, themes.label);
  },
  allSurveysOf(db: Db, consultationId: string) {
    return db.select().from(surveys).where(eq(surveys.consultationId, consultationId));
  },
  /** Every consultation and every theme, for the site-wide search. */
  allConsultationsAndThemes(db: Db) {
    return Promise.all([db.select().from(consultations), db.select().from(themes)]);
  },
};
