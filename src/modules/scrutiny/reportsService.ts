import { recordAudit } from '../../platform/audit.js';
import { RuleError, forbidden } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import type { PanelReportInput, RecommendationInput, ResponseInput } from './forms/scrutinyForms.js';
import { noticeRecommendation, noticeReportPublished, noticeResponsePublished } from './notices.js';
import { must, type ScrutinyContext } from './scrutinyContext.js';
import { scrutinyPermissions as perms } from './scrutinyPermissions.js';
import { scrutinyRepository as repo } from './scrutinyRepository.js';

/** The Panel's reports and recommendations, and the elected head's responses to them. */
export function createReportsService(ctx: ScrutinyContext) {
  const { database, db, deps, clock, notices } = ctx;

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
      const r = await repo.insertReport(tx, { ...input, isDemo: opts.isDemo ?? false });
      const rows = await repo.insertRecommendations(
        tx,
        recs.map((x, i) => ({ reportId: r.id, position: i + 1, ...x })),
      );
      await recordAudit(tx, actor, {
        action: 'scrutiny.report.create',
        entityType: 'scrutiny-panel-report',
        entityId: r.id,
        summary: `Recorded the Panel's report "${r.title}"${rows.length ? ` with ${rows.length} recommendations` : ''}${r.published ? ', published' : ', not published'}`,
        after: { report: r, recommendations: rows },
      });
      for (const rec of opts.isDemo ? [] : rows) await noticeRecommendation(notices, tx, actor, r, rec);
      if (!opts.isDemo) await noticeReportPublished(notices, tx, r);
      return r;
    });
  }

  async function updateReport(actor: Actor, id: string, input: PanelReportInput) {
    await checkPlans(input);
    return database.transaction(async (tx) => {
      const before = await must(repo.report(tx, id), 'Panel report');
      const clash = await repo.reportByReference(tx, input.reference);
      if (clash && clash.id !== id) throw new RuleError(`A Panel report with reference ${input.reference} already exists`);
      const r = await repo.updateReport(tx, id, input);
      const summary =
        before.published === r.published
          ? `Changed the Panel's report "${r.title}"`
          : r.published
            ? `Published the Panel's report "${r.title}" on the public site`
            : `Withdrew the Panel's report "${r.title}" from the public site`;
      await recordAudit(tx, actor, { action: 'scrutiny.report.update', entityType: 'scrutiny-panel-report', entityId: id, summary, before, after: r });
      if (!before.published) await noticeReportPublished(notices, tx, r);
      return r;
    });
  }

  async function addRecommendation(actor: Actor, reportId: string, input: RecommendationInput) {
    return database.transaction(async (tx) => {
      const report = await must(repo.report(tx, reportId), 'Panel report');
      const position = await repo.nextRecommendationPosition(tx, reportId);
      const [rec] = await repo.insertRecommendations(tx, [{ reportId, position, ...input }]);
      await recordAudit(tx, actor, {
        action: 'scrutiny.recommendation.add',
        entityType: 'scrutiny-recommendation',
        entityId: rec.id,
        summary: `Added recommendation ${position} to "${report.title}", response due ${rec.responseDue}`,
        after: rec,
      });
      await noticeRecommendation(notices, tx, actor, report, rec);
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
      const rec = await repo.updateRecommendation(tx, recommendationId, {
        response: input.response,
        responseText: input.responseText,
        respondedAt: now,
        respondedBy: actor.label,
        responsePublishedAt: input.publish ? (before.responsePublishedAt ?? now) : before.responsePublishedAt,
      });
      await recordAudit(tx, actor, {
        action: input.publish ? 'scrutiny.recommendation.respond-publish' : 'scrutiny.recommendation.respond-draft',
        entityType: 'scrutiny-recommendation',
        entityId: rec.id,
        summary: `${input.publish ? 'Published' : 'Drafted'} the response (${input.response}) to recommendation ${rec.position}`,
        before,
        after: rec,
      });
      if (rec.responsePublishedAt && !before.responsePublishedAt)
        await noticeResponsePublished(notices, tx, actor, await must(repo.report(tx, rec.reportId), 'Panel report'), rec);
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

  return {
    createReport,
    updateReport,
    addRecommendation,
    respond,
    reportDetail,
    reportsWithRecommendations,
    reportsOnPlan,
    getReportByReference: (ref: string) => repo.reportByReference(db, ref),
    getRecommendation: (recommendationId: string) => repo.recommendation(db, recommendationId),
  };
}
