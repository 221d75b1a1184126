import { eq } from 'drizzle-orm';
import type { Database, Db } from '../../db/index.js';
import { recordAudit } from '../../platform/audit.js';
import type { Platform } from '../../platform/context.js';
import { RuleError, forbidden, notFound } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import { calendarSettingsSchema, deriveCalendar, remindersDue, DEFAULT_CALENDAR_SETTINGS, type CalendarSettings, type Deadline } from './calendar.js';
import { addDays, isoDay } from './deadlines.js';
import type {
  ActionInput,
  AgendaItemInput,
  DecisionInput,
  FindingInput,
  FindingUpdateInput,
  InspectionInput,
  MeetingInput,
  PanelReportInput,
  RecommendationInput,
  ResponseInput,
  RiskInput,
  TopicInput,
} from './forms/scrutinyForms.js';
import { PUBLICATION_CLASSES } from './publicationScheme.js';
import type { PlanPageAudience, PlanPageLinksProvider, PlanPageRef } from '../plans/types.js';
import { planReportLinks } from './presenters/panel.js';
import { scrutinyPermissions as perms } from './scrutinyPermissions.js';
import { scrutinyRepository as repo, type Decision, type Recommendation } from './scrutinyRepository.js';
import {
  actions,
  agendaItems,
  decisions,
  documents,
  findingUpdates,
  findings,
  inspections,
  meetings,
  panelReports,
  publicationClasses,
  recommendations,
  risks,
  scrutinySettings,
  topics,
  type DocumentOwner,
  type MeetingKind,
} from './schema.js';
import { riskScore } from './status.js';

/** What scrutiny needs of plans (the registry passes the plans service). */
export interface PlansLookup {
  /** Where scrutiny adds its links to a plan's pages (the plans service has it; fakes may not). */
  addPageLinks?(provider: PlanPageLinksProvider): void;
  get(id: string): Promise<{ id: string; reference: string; title: string; status: string; version: number; previousVersionId: string | null } | undefined>;
  list(opts: {
    includeDrafts: boolean;
  }): Promise<{ id: string; reference: string; title: string; status: string; version: number; previousVersionId: string | null }[]>;
  getTree(id: string): Promise<{ id: string; priorities: { id: string; reference: string; title: string }[] } | undefined>;
}

/** Optional: the performance module's measures, when present. */
export interface MeasuresLookup {
  list(): Promise<{ id: string; title: string }[]>;
}

export interface UploadedFile {
  data: Buffer;
  fileName: string;
  contentType: string;
}

/** The public view of a decision: exempt parts and the reason for them never leave the service. */
export type PublicDecision = Omit<Decision, 'exemptParts' | 'exemptionReason'> & { hasExemptParts: boolean };
export function toPublicDecision(d: Decision): PublicDecision {
  const { exemptParts, exemptionReason: _reason, ...rest } = d;
  return { ...rest, hasExemptParts: Boolean(exemptParts) };
}

export function createScrutinyService(
  platform: Pick<Platform, 'database' | 'storage' | 'settings' | 'mailer' | 'logger'>,
  deps: { plans: PlansLookup; measures?: MeasuresLookup },
) {
  const database: Database = platform.database;
  const { db } = database;
  /** The service's clock: pages judge "overdue" against it; tests replace `now`. */
  const clock = { now: () => new Date() };

  async function must<T>(p: Promise<T | undefined>, what: string): Promise<T> {
    const v = await p;
    if (!v) throw notFound(`No such ${what}`);
    return v;
  }

  async function storeFile(file: UploadedFile) {
    const { key, size } = await platform.storage.put(file.data, file.fileName);
    return { fileKey: key, fileName: file.fileName.replace(/[\\/]/g, '_').slice(0, 200), contentType: file.contentType, size };
  }

  async function addDocument(tx: Db, ownerType: DocumentOwner, ownerId: string, title: string, url: string | null, file?: UploadedFile) {
    if (!url && !file) throw new RuleError('Attach a file or give a link to the document');
    const stored = file ? await storeFile(file) : {};
    const [d] = await tx
      .insert(documents)
      .values({ ownerType, ownerId, title, url: file ? null : url, ...stored })
      .returning();
    return d;
  }

  // ---- meetings and papers --------------------------------------------------------------

  async function createMeeting(actor: Actor, input: MeetingInput, opts: { isDemo?: boolean } = {}) {
    return database.transaction(async (tx) => {
      const [m] = await tx
        .insert(meetings)
        .values({ ...input, isDemo: opts.isDemo ?? false })
        .returning();
      await recordAudit(tx, actor, {
        action: 'scrutiny.meeting.create',
        entityType: 'scrutiny-meeting',
        entityId: m.id,
        summary: `Added meeting "${m.title}" on ${m.meetingDate}`,
        after: m,
      });
      return m;
    });
  }

  async function updateMeeting(actor: Actor, id: string, input: MeetingInput) {
    return database.transaction(async (tx) => {
      const before = await must(repo.meeting(tx, id), 'meeting');
      const [m] = await tx.update(meetings).set(input).where(eq(meetings.id, id)).returning();
      await recordAudit(tx, actor, {
        action: 'scrutiny.meeting.update',
        entityType: 'scrutiny-meeting',
        entityId: id,
        summary: `Changed meeting "${m.title}"`,
        before,
        after: m,
      });
      return m;
    });
  }

  async function addAgendaItem(actor: Actor, meetingId: string, input: AgendaItemInput, file?: UploadedFile) {
    return database.transaction(async (tx) => {
      const m = await must(repo.meeting(tx, meetingId), 'meeting');
      const position = (await repo.agenda(tx, meetingId)).length + 1;
      const [item] = await tx.insert(agendaItems).values({ meetingId, position, title: input.title }).returning();
      let doc;
      if (input.url || file) doc = await addDocument(tx, 'agenda-item', item.id, input.paperTitle ?? input.title, input.url, file);
      await recordAudit(tx, actor, {
        action: 'scrutiny.agenda.add',
        entityType: 'scrutiny-meeting',
        entityId: m.id,
        summary: `Added agenda item ${position} "${item.title}" to "${m.title}"${doc ? ' with a paper' : ''}`,
        after: { item, doc },
      });
      return item;
    });
  }

  async function addPaper(actor: Actor, agendaItemId: string, title: string, url: string | null, file?: UploadedFile) {
    return database.transaction(async (tx) => {
      const item = await must(repo.agendaItem(tx, agendaItemId), 'agenda item');
      const doc = await addDocument(tx, 'agenda-item', item.id, title, url, file);
      await recordAudit(tx, actor, {
        action: 'scrutiny.paper.add',
        entityType: 'scrutiny-meeting',
        entityId: item.meetingId,
        summary: `Added paper "${title}" to agenda item "${item.title}"`,
        after: doc,
      });
      return doc;
    });
  }

  async function meetingDetail(id: string) {
    const meeting = await repo.meeting(db, id);
    if (!meeting) return undefined;
    const [agenda, topicRows, actionRows, reports] = await Promise.all([
      repo.agenda(db, id),
      repo.topicsOf(db, id),
      repo.actionsOf(db, id),
      repo.reportsOfMeeting(db, id),
    ]);
    const docs = await repo.documentsOf(
      db,
      'agenda-item',
      agenda.map((a) => a.id),
    );
    return {
      meeting,
      agenda: agenda.map((a) => ({ ...a, papers: docs.filter((d) => d.ownerId === a.id) })),
      topics: topicRows,
      actions: actionRows,
      reports,
    };
  }

  /** A stored paper or document with its bytes, for download. Decisions' documents only when published (unless staff). */
  async function documentFile(id: string, opts: { staff: boolean }) {
    const d = await repo.document(db, id);
    if (!d || !d.fileKey) return undefined;
    if (!opts.staff && d.ownerType === 'decision') {
      const dec = await repo.decision(db, d.ownerId);
      if (!dec?.published) return undefined;
    }
    return { document: d, data: await platform.storage.get(d.fileKey) };
  }

  // ---- accountability -------------------------------------------------------------------

  async function priorityChoices() {
    const plans = await deps.plans.list({ includeDrafts: false });
    const current = plans.find((p) => p.status === 'published') ?? plans[0];
    if (!current) return [];
    const tree = await deps.plans.getTree(current.id);
    return (tree?.priorities ?? []).map((p) => ({ id: p.id, title: `${p.reference}: ${p.title}` }));
  }

  async function measureChoices() {
    return deps.measures ? deps.measures.list() : [];
  }

  async function addTopic(actor: Actor, meetingId: string, input: TopicInput) {
    const priorities = await priorityChoices();
    const measures = await measureChoices();
    const priority = input.priorityId ? priorities.find((p) => p.id === input.priorityId) : undefined;
    if (input.priorityId && !priority) throw new RuleError('Choose a priority of the plan in force');
    const measure = input.measureId ? measures.find((m) => m.id === input.measureId) : undefined;
    if (input.measureId && !measure) throw new RuleError('Choose a measure from the list');
    return database.transaction(async (tx) => {
      const m = await must(repo.meeting(tx, meetingId), 'meeting');
      if (m.kind !== 'accountability') throw new RuleError('Topics belong to accountability meetings');
      const position = (await repo.topicsOf(tx, meetingId)).length + 1;
      const [t] = await tx
        .insert(topics)
        .values({
          meetingId,
          position,
          title: input.title,
          question: input.question,
          priorityId: priority?.id ?? null,
          priorityTitle: priority?.title ?? null,
          measureId: measure?.id ?? null,
          measureTitle: measure?.title ?? null,
        })
        .returning();
      await recordAudit(tx, actor, {
        action: 'scrutiny.topic.add',
        entityType: 'scrutiny-meeting',
        entityId: meetingId,
        summary: `Added topic "${t.title}"`,
        after: t,
      });
      return t;
    });
  }

  async function answerTopic(actor: Actor, topicId: string, answer: string) {
    return database.transaction(async (tx) => {
      const before = await must(repo.topic(tx, topicId), 'topic');
      const [t] = await tx.update(topics).set({ answer }).where(eq(topics.id, topicId)).returning();
      await recordAudit(tx, actor, {
        action: 'scrutiny.topic.answer',
        entityType: 'scrutiny-meeting',
        entityId: t.meetingId,
        summary: `Recorded the force's answer on "${t.title}"`,
        before,
        after: t,
      });
      return t;
    });
  }

  async function addAction(actor: Actor, meetingId: string, input: ActionInput) {
    return database.transaction(async (tx) => {
      await must(repo.meeting(tx, meetingId), 'meeting');
      const [a] = await tx
        .insert(actions)
        .values({ meetingId, ...input })
        .returning();
      await recordAudit(tx, actor, {
        action: 'scrutiny.action.add',
        entityType: 'scrutiny-action',
        entityId: a.id,
        summary: `Added action "${a.description}" for ${a.owner}, due ${a.dueDate}`,
        after: a,
      });
      return a;
    });
  }

  async function closeAction(actor: Actor, id: string, input: { closedOn: string; closureNote: string }) {
    return database.transaction(async (tx) => {
      const before = await must(repo.action(tx, id), 'action');
      if (before.status === 'closed') throw new RuleError('This action is already closed');
      const [a] = await tx
        .update(actions)
        .set({ status: 'closed', ...input })
        .where(eq(actions.id, id))
        .returning();
      await recordAudit(tx, actor, {
        action: 'scrutiny.action.close',
        entityType: 'scrutiny-action',
        entityId: id,
        summary: `Closed action "${a.description}"`,
        before,
        after: a,
      });
      return a;
    });
  }

  // ---- Panel reports and recommendations ---------------------------------------------------

  async function checkPlans(input: Pick<PanelReportInput, 'planId' | 'answeredByPlanId'>) {
    for (const id of [input.planId, input.answeredByPlanId]) {
      if (id && !(await deps.plans.get(id))) throw new RuleError('Choose a plan from the list');
    }
  }

  async function createReport(actor: Actor, input: PanelReportInput, recs: RecommendationInput[] = [], opts: { isDemo?: boolean } = {}) {
    await checkPlans(input);
    return database.transaction(async (tx) => {
      if (await repo.reportByReference(tx, input.reference)) throw new RuleError(`A Panel report with reference ${input.reference} already exists`);
      if (input.meetingId) await must(repo.meeting(tx, input.meetingId), 'meeting');
      const [r] = await tx
        .insert(panelReports)
        .values({ ...input, isDemo: opts.isDemo ?? false })
        .returning();
      const rows = recs.length
        ? await tx
            .insert(recommendations)
            .values(recs.map((x, i) => ({ reportId: r.id, position: i + 1, ...x })))
            .returning()
        : [];
      await recordAudit(tx, actor, {
        action: 'scrutiny.report.create',
        entityType: 'scrutiny-panel-report',
        entityId: r.id,
        summary: `Recorded the Panel's report "${r.title}"${rows.length ? ` with ${rows.length} recommendations` : ''}${r.published ? ', published' : ', not published'}`,
        after: { report: r, recommendations: rows },
      });
      return r;
    });
  }

  async function updateReport(actor: Actor, id: string, input: PanelReportInput) {
    await checkPlans(input);
    return database.transaction(async (tx) => {
      const before = await must(repo.report(tx, id), 'Panel report');
      const clash = await repo.reportByReference(tx, input.reference);
      if (clash && clash.id !== id) throw new RuleError(`A Panel report with reference ${input.reference} already exists`);
      const [r] = await tx.update(panelReports).set(input).where(eq(panelReports.id, id)).returning();
      const summary =
        before.published === r.published
          ? `Changed the Panel's report "${r.title}"`
          : r.published
            ? `Published the Panel's report "${r.title}" on the public site`
            : `Withdrew the Panel's report "${r.title}" from the public site`;
      await recordAudit(tx, actor, { action: 'scrutiny.report.update', entityType: 'scrutiny-panel-report', entityId: id, summary, before, after: r });
      return r;
    });
  }

  async function addRecommendation(actor: Actor, reportId: string, input: RecommendationInput) {
    return database.transaction(async (tx) => {
      const report = await must(repo.report(tx, reportId), 'Panel report');
      const position = await repo.nextRecommendationPosition(tx, reportId);
      const [rec] = await tx
        .insert(recommendations)
        .values({ reportId, position, ...input })
        .returning();
      await recordAudit(tx, actor, {
        action: 'scrutiny.recommendation.add',
        entityType: 'scrutiny-recommendation',
        entityId: rec.id,
        summary: `Added recommendation ${position} to "${report.title}", response due ${rec.responseDue}`,
        after: rec,
      });
      return rec;
    });
  }

  /**
   * The elected head's response. Editors may draft it; publishing it (which makes it public and
   * stops the clock) is for the elected head. `now` is when it happens (tests pass it).
   */
  async function respond(actor: Actor, recommendationId: string, input: ResponseInput, now = clock.now()) {
    if (input.publish && !perms.can(actor.role, 'recommendation:publish-response'))
      throw forbidden('Only the elected head can publish a response; save it as a draft.');
    return database.transaction(async (tx) => {
      const before = await must(repo.recommendation(tx, recommendationId), 'recommendation');
      const [rec] = await tx
        .update(recommendations)
        .set({
          response: input.response,
          responseText: input.responseText,
          respondedAt: now,
          respondedBy: actor.label,
          responsePublishedAt: input.publish ? (before.responsePublishedAt ?? now) : before.responsePublishedAt,
        })
        .where(eq(recommendations.id, recommendationId))
        .returning();
      await recordAudit(tx, actor, {
        action: input.publish ? 'scrutiny.recommendation.respond-publish' : 'scrutiny.recommendation.respond-draft',
        entityType: 'scrutiny-recommendation',
        entityId: rec.id,
        summary: `${input.publish ? 'Published' : 'Drafted'} the response (${input.response}) to recommendation ${rec.position}`,
        before,
        after: rec,
      });
      return rec;
    });
  }

  async function reportDetail(id: string) {
    const report = await repo.report(db, id);
    if (!report) return undefined;
    const [recs, plan, recorded, meeting] = await Promise.all([
      repo.recommendationsOf(db, [id]),
      report.planId ? deps.plans.get(report.planId) : undefined,
      report.answeredByPlanId ? deps.plans.get(report.answeredByPlanId) : undefined,
      report.meetingId ? repo.meeting(db, report.meetingId) : undefined,
    ]);
    // Unless recorded, the version that answered the report is the next version of the reviewed plan.
    const answeredBy =
      recorded ??
      (plan
        ? (await deps.plans.list({ includeDrafts: true })).filter((p) => p.previousVersionId === plan.id).sort((a, b) => a.version - b.version)[0]
        : undefined);
    return { report, recommendations: recs, plan, answeredBy, meeting };
  }

  /** Every report with its recommendations (for the registers and "the Panel said"). */
  async function reportsWithRecommendations(opts: { publishedOnly: boolean }) {
    const reports = (await repo.listReports(db)).filter((r) => !opts.publishedOnly || r.published);
    const recs = await repo.recommendationsOf(
      db,
      reports.map((r) => r.id),
    );
    return reports.map((r) => ({ report: r, recommendations: recs.filter((x) => x.reportId === r.id) }));
  }

  /** Panel reports on this plan (for the plan's panel-review stage). */
  async function reportsOnPlan(planId: string) {
    return repo.reportsOfPlan(db, planId);
  }

  /** The links a plan's pages show to the Panel's reports about it (registered with plans). */
  async function planPageLinks(plan: PlanPageRef, reader: PlanPageAudience) {
    if (reader.audience === 'staff' && !perms.can(reader.role, 'scrutiny:view')) return null;
    const [reports, area] = await Promise.all([repo.reportsAboutPlan(db, plan.id), platform.settings.getArea()]);
    return planReportLinks(reports, plan, reader, area.scrutinyBodyName);
  }

  // ---- decisions --------------------------------------------------------------------------

  async function createDecision(actor: Actor, input: DecisionInput, opts: { isDemo?: boolean } = {}) {
    return database.transaction(async (tx) => {
      if (await repo.decisionByReference(tx, input.reference)) throw new RuleError(`A decision with reference ${input.reference} already exists`);
      const [d] = await tx
        .insert(decisions)
        .values({ ...input, isDemo: opts.isDemo ?? false })
        .returning();
      await recordAudit(tx, actor, {
        action: 'scrutiny.decision.create',
        entityType: 'scrutiny-decision',
        entityId: d.id,
        summary: `Recorded decision ${d.reference} "${d.title}"`,
        after: d,
      });
      return d;
    });
  }

  async function updateDecision(actor: Actor, id: string, input: DecisionInput) {
    return database.transaction(async (tx) => {
      const before = await must(repo.decision(tx, id), 'decision');
      const clash = await repo.decisionByReference(tx, input.reference);
      if (clash && clash.id !== id) throw new RuleError(`A decision with reference ${input.reference} already exists`);
      const [d] = await tx.update(decisions).set(input).where(eq(decisions.id, id)).returning();
      await recordAudit(tx, actor, {
        action: 'scrutiny.decision.update',
        entityType: 'scrutiny-decision',
        entityId: id,
        summary: `Changed decision ${d.reference}`,
        before,
        after: d,
      });
      return d;
    });
  }

  async function addDecisionDocument(actor: Actor, decisionId: string, title: string, url: string | null, file?: UploadedFile) {
    return database.transaction(async (tx) => {
      const d = await must(repo.decision(tx, decisionId), 'decision');
      const doc = await addDocument(tx, 'decision', d.id, title, url, file);
      await recordAudit(tx, actor, {
        action: 'scrutiny.decision.document',
        entityType: 'scrutiny-decision',
        entityId: d.id,
        summary: `Added document "${title}" to decision ${d.reference}`,
        after: doc,
      });
      return doc;
    });
  }

  async function listDecisions() {
    return repo.listDecisions(db, false);
  }
  async function listPublicDecisions(): Promise<PublicDecision[]> {
    return (await repo.listDecisions(db, true)).map(toPublicDecision);
  }
  async function decisionDetail(id: string) {
    const decision = await repo.decision(db, id);
    if (!decision) return undefined;
    return { decision, documents: await repo.documentsOf(db, 'decision', [id]) };
  }
  /** A published decision by id or reference, without its exempt parts. */
  async function publicDecisionDetail(idOrReference: string) {
    const d = (await repo.decisionByReference(db, idOrReference)) ?? (await repo.decision(db, idOrReference));
    if (!d || !d.published) return undefined;
    return { decision: toPublicDecision(d), documents: await repo.documentsOf(db, 'decision', [d.id]) };
  }

  // ---- inspections ------------------------------------------------------------------------

  async function createInspection(actor: Actor, input: InspectionInput, opts: { isDemo?: boolean } = {}) {
    return database.transaction(async (tx) => {
      if (await repo.inspectionByReference(tx, input.reference)) throw new RuleError(`An inspection with reference ${input.reference} already exists`);
      const [i] = await tx
        .insert(inspections)
        .values({ ...input, isDemo: opts.isDemo ?? false })
        .returning();
      await recordAudit(tx, actor, {
        action: 'scrutiny.inspection.create',
        entityType: 'scrutiny-inspection',
        entityId: i.id,
        summary: `Recorded HMICFRS report "${i.title}" published ${i.publishedOn}`,
        after: i,
      });
      return i;
    });
  }

  async function addFinding(actor: Actor, inspectionId: string, input: FindingInput) {
    const priorities = await priorityChoices();
    const chosen = input.priorityIds.map((id) => priorities.find((p) => p.id === id));
    if (chosen.some((p) => !p)) throw new RuleError('Choose priorities of the plan in force');
    return database.transaction(async (tx) => {
      const i = await must(repo.inspection(tx, inspectionId), 'inspection');
      const position = await repo.nextFindingPosition(tx, inspectionId);
      const [f] = await tx
        .insert(findings)
        .values({
          inspectionId,
          position,
          kind: input.kind,
          text: input.text,
          priorityIds: chosen.map((p) => p!.id),
          priorityTitles: chosen.map((p) => p!.title),
        })
        .returning();
      await recordAudit(tx, actor, {
        action: 'scrutiny.finding.add',
        entityType: 'scrutiny-inspection',
        entityId: i.id,
        summary: `Added ${input.kind} ${position} to "${i.title}"`,
        after: f,
      });
      return f;
    });
  }

  async function addFindingUpdate(actor: Actor, findingId: string, input: FindingUpdateInput) {
    return database.transaction(async (tx) => {
      const f = await must(repo.finding(tx, findingId), 'finding');
      const [u] = await tx.insert(findingUpdates).values({ findingId, updateDate: input.updateDate, text: input.text, author: actor.label }).returning();
      await tx.update(findings).set({ status: input.status }).where(eq(findings.id, findingId));
      await recordAudit(tx, actor, {
        action: 'scrutiny.finding.update',
        entityType: 'scrutiny-inspection',
        entityId: f.inspectionId,
        summary: `Progress update on finding ${f.position} (${input.status})`,
        before: f,
        after: u,
      });
      return u;
    });
  }

  async function recordComments(actor: Actor, inspectionId: string, input: { commentsText: string; commentsPublishedOn: string }) {
    return database.transaction(async (tx) => {
      const before = await must(repo.inspection(tx, inspectionId), 'inspection');
      if (input.commentsPublishedOn < before.publishedOn) throw new RuleError('The comments cannot be published before the report');
      const [i] = await tx.update(inspections).set(input).where(eq(inspections.id, inspectionId)).returning();
      await recordAudit(tx, actor, {
        action: 'scrutiny.inspection.comments',
        entityType: 'scrutiny-inspection',
        entityId: i.id,
        summary: `Published comments on "${i.title}"`,
        before,
        after: i,
      });
      return i;
    });
  }

  async function inspectionDetail(idOrReference: string) {
    const inspection = (await repo.inspectionByReference(db, idOrReference)) ?? (await repo.inspection(db, idOrReference));
    if (!inspection) return undefined;
    const found = await repo.findingsOf(db, [inspection.id]);
    const updates = await repo.updatesOf(
      db,
      found.map((f) => f.id),
    );
    return { inspection, findings: found.map((f) => ({ ...f, updates: updates.filter((u) => u.findingId === f.id) })) };
  }

  async function inspectionsWithFindings() {
    const list = await repo.listInspections(db);
    const found = await repo.findingsOf(
      db,
      list.map((i) => i.id),
    );
    return list.map((i) => ({ inspection: i, findings: found.filter((f) => f.inspectionId === i.id) }));
  }

  // ---- risks ------------------------------------------------------------------------------

  async function saveRisk(actor: Actor, input: RiskInput, id?: string, opts: { isDemo?: boolean } = {}) {
    riskScore(input.likelihood, input.impact);
    return database.transaction(async (tx) => {
      const clash = await repo.riskByReference(tx, input.reference);
      if (clash && clash.id !== id) throw new RuleError(`A risk with reference ${input.reference} already exists`);
      if (id) {
        const before = await must(repo.risk(tx, id), 'risk');
        const [r] = await tx.update(risks).set(input).where(eq(risks.id, id)).returning();
        await recordAudit(tx, actor, {
          action: 'scrutiny.risk.update',
          entityType: 'scrutiny-risk',
          entityId: id,
          summary: `Reviewed risk ${r.reference}`,
          before,
          after: r,
        });
        return r;
      }
      const [r] = await tx
        .insert(risks)
        .values({ ...input, isDemo: opts.isDemo ?? false })
        .returning();
      await recordAudit(tx, actor, {
        action: 'scrutiny.risk.create',
        entityType: 'scrutiny-risk',
        entityId: r.id,
        summary: `Added ${r.kind} ${r.reference} "${r.title}"`,
        after: r,
      });
      return r;
    });
  }

  // ---- publication scheme -----------------------------------------------------------------

  /** The classes of the Specified Information Order; the statutory list is put in place once. */
  async function publicationSchedule() {
    let rows = await repo.listClasses(db);
    if (rows.length < PUBLICATION_CLASSES.length) {
      await db
        .insert(publicationClasses)
        .values(
          PUBLICATION_CLASSES.map((c, i) => ({
            key: c.key,
            position: i + 1,
            title: c.title,
            requirement: c.requirement,
            maxAgeDays: c.maxAgeDays,
            whereUrl: c.whereUrl,
          })),
        )
        .onConflictDoNothing();
      rows = await repo.listClasses(db);
    }
    return rows;
  }

  async function updatePublicationClass(actor: Actor, id: string, input: { whereUrl: string | null; lastUpdated: string | null }) {
    return database.transaction(async (tx) => {
      const before = await must(repo.publicationClass(tx, id), 'class of information');
      const [c] = await tx.update(publicationClasses).set(input).where(eq(publicationClasses.id, id)).returning();
      await recordAudit(tx, actor, {
        action: 'scrutiny.publication.update',
        entityType: 'scrutiny-publication-class',
        entityId: id,
        summary: `Updated "${c.title}" in the publication schedule`,
        before,
        after: c,
      });
      return c;
    });
  }

  // ---- calendar and reminders -------------------------------------------------------------

  async function calendarSettings(): Promise<CalendarSettings> {
    const v = await repo.setting(db, 'calendar');
    const parsed = v ? calendarSettingsSchema.safeParse(v) : undefined;
    return parsed?.success ? parsed.data : DEFAULT_CALENDAR_SETTINGS;
  }

  async function setCalendarSettings(actor: Actor, input: CalendarSettings) {
    const value = calendarSettingsSchema.parse(input);
    await database.transaction(async (tx) => {
      const before = await repo.setting(tx, 'calendar');
      await tx
        .insert(scrutinySettings)
        .values({ key: 'calendar', value })
        .onConflictDoUpdate({ target: scrutinySettings.key, set: { value, updatedAt: new Date() } });
      await recordAudit(tx, actor, {
        action: 'scrutiny.settings.update',
        entityType: 'scrutiny-settings',
        entityId: 'calendar',
        summary: 'Changed the statutory calendar settings',
        before: before ?? null,
        after: value,
      });
    });
    return value;
  }

  /** Every deadline between the dates, derived from the records and settings. */
  async function calendar(from: string, to: string, opts: { includePrivate: boolean }): Promise<Deadline[]> {
    const [area, settings, insp, reports, meetingRows, actionRows, riskRows] = await Promise.all([
      platform.settings.getArea(),
      calendarSettings(),
      repo.listInspections(db),
      reportsWithRecommendations({ publishedOnly: !opts.includePrivate }),
      repo.listMeetings(db),
      repo.allActions(db),
      repo.listRisks(db),
    ]);
    const events = deriveCalendar(
      {
        names: { scrutinyBodyName: area.scrutinyBodyName, electedHeadTitle: area.electedHeadTitle, chiefOfficerTitle: area.chiefOfficerTitle },
        settings,
        inspections: insp,
        recommendations: reports.flatMap(({ report, recommendations: recs }) =>
          recs.map((r: Recommendation) => ({
            id: r.id,
            reportId: report.id,
            reportTitle: report.title,
            position: r.position,
            responseDue: r.responseDue,
            responded: Boolean(r.response && r.responsePublishedAt),
          })),
        ),
        meetings: meetingRows,
        actions: actionRows.map((a) => ({ id: a.id, description: a.description, owner: a.owner, dueDate: a.dueDate, closed: a.status === 'closed' })),
        risks: riskRows.map((r) => ({ id: r.id, reference: r.reference, title: r.title, reviewDate: r.reviewDate, closed: r.closed })),
      },
      from,
      to,
    );
    return opts.includePrivate ? events : events.filter((e) => e.isPublic);
  }

  /** Sends reminder e-mails for deadlines coming up or overdue; each once (dedupeKey). */
  async function sendReminders(now = clock.now()) {
    const today = isoDay(now);
    const settings = await calendarSettings();
    const area = await platform.settings.getArea();
    const to = settings.reminderEmail || area.contactEmail;
    if (!to) return { sent: 0, reason: 'no reminder address set' };
    const events = await calendar(addDays(today, -366), addDays(today, settings.reminderDays), { includePrivate: true });
    let sent = 0;
    for (const r of remindersDue(events, today, settings.reminderDays)) {
      const d = r.deadline;
      const res = await platform.mailer.send({
        to,
        subject: `${r.overdue ? 'Overdue' : 'Due'} ${d.date}: ${d.title}`,
        body: `${d.title}\n\nDue: ${d.date}${r.overdue ? ' (overdue)' : ''}\n${d.detail}\n${d.href ? `\nSee ${d.href}\n` : ''}\nThis reminder comes from the statutory calendar of ${area.bodyName}.`,
        dedupeKey: r.dedupeKey,
      });
      if (res.queued) sent++;
    }
    return { sent };
  }

  return {
    clock,
    today: () => isoDay(clock.now()),
    createMeeting,
    updateMeeting,
    addAgendaItem,
    addPaper,
    meetingDetail,
    listMeetings: (kind?: MeetingKind) => repo.listMeetings(db, kind),
    documentFile,
    priorityChoices,
    measureChoices,
    addTopic,
    answerTopic,
    addAction,
    closeAction,
    allActions: () => repo.allActions(db),
    createReport,
    updateReport,
    addRecommendation,
    respond,
    reportDetail,
    reportsWithRecommendations,
    reportsOnPlan,
    planPageLinks,
    planChoices: () => deps.plans.list({ includeDrafts: true }),
    createDecision,
    updateDecision,
    addDecisionDocument,
    listDecisions,
    listPublicDecisions,
    decisionDetail,
    publicDecisionDetail,
    createInspection,
    addFinding,
    addFindingUpdate,
    recordComments,
    inspectionDetail,
    inspectionsWithFindings,
    saveRisk,
    listRisks: () => repo.listRisks(db),
    getRisk: (id: string) => repo.risk(db, id),
    publicationSchedule,
    updatePublicationClass,
    calendarSettings,
    setCalendarSettings,
    calendar,
    sendReminders,
    getReportByReference: (ref: string) => repo.reportByReference(db, ref),
    getRecommendation: (recommendationId: string) => repo.recommendation(db, recommendationId),
    getAgendaItem: (agendaItemId: string) => repo.agendaItem(db, agendaItemId),
  };
}
export type ScrutinyService = ReturnType<typeof createScrutinyService>;
