import { recordAudit } from '../../platform/audit.js';
import { RuleError, notFound } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import type { AnalysedResponse } from './analysis.js';
import type { PublicAction } from './deps.js';
import type { ResponsesService } from './responsesService.js';
import type { EngagementContext } from './engagementContext.js';
import { engagementRepository as repo } from './engagementRepository.js';
import { trainSuggester, type Suggestion } from './suggest.js';
import { allQuestions } from './surveyDefinition.js';

/** Analysis of what people said: the codebook, coding, quotations and "you said, we did". */
export function createAnalysisService(ctx: EngagementContext, responses: Pick<ResponsesService, 'responsesOfFamily'>) {
  const { db, database, deps, mustConsultation, mustSurvey, areaHelpers, planOf, clock } = ctx;
  const { responsesOfFamily } = responses;

  // ---- analysis ----
  async function analysisData(surveyId: string) {
    const s = await mustSurvey(db, surveyId);
    const rows = await responsesOfFamily(surveyId);
    const helpers = await areaHelpers();
    const analysed: AnalysedResponse[] = rows.map((r) => ({ id: r.id, channel: r.channel, areaCode: r.areaCode, answers: r.answers }));
    let populations: { code: string; name: string; population: number | null }[] = [];
    if (deps.geography) {
      const level = allQuestions(s.definition).find((q) => q.type === 'area')?.areaLevel === 'ward' ? helpers.lists.ward : helpers.lists.lad;
      try {
        populations = await Promise.all(
          level.map(async (a) => ({ code: a.code, name: a.name, population: (await deps.geography!.population(a.code))?.population ?? null })),
        );
      } catch {
        populations = [];
      }
    }
    return { survey: s, rows: analysed, raw: rows, areaName: helpers.areaName, areas: helpers.lists, populations };
  }

  // ---- codebook and coding ----
  async function addTheme(actor: Actor, consultationId: string, input: { label: string; description: string; parentId?: string | null }) {
    return database.transaction(async (tx) => {
      const c = await mustConsultation(tx, consultationId);
      const existing = await repo.themesOf(tx, consultationId);
      if (existing.some((t) => t.label.toLowerCase() === input.label.toLowerCase()))
        throw new RuleError(`The codebook already has a theme called ${input.label}`);
      if (input.parentId) {
        const parent = existing.find((t) => t.id === input.parentId);
        if (!parent) throw new RuleError('Choose a theme of this codebook as the parent');
        if (parent.parentId) throw new RuleError('A sub-theme cannot have sub-themes');
      }
      const t = await repo.insertTheme(tx, {
        consultationId,
        label: input.label,
        description: input.description,
        parentId: input.parentId ?? null,
        position: existing.length + 1,
      });
      await recordAudit(tx, actor, {
        action: 'theme.create',
        entityType: 'theme',
        entityId: t.id,
        summary: `Added the theme ${t.label} to the codebook of ${c.title}`,
      });
      return t;
    });
  }

  /** "You said, we did": the response sentence and the priorities and commitments a theme informed. */
  async function linkTheme(actor: Actor, themeId: string, input: { response: string; priorityIds: string[]; commitmentIds: string[] }) {
    // The plan is read first: another module's reads must not run inside this transaction.
    const t0 = await repo.theme(db, themeId);
    if (!t0) throw notFound();
    const plan = await planOf(await mustConsultation(db, t0.consultationId));
    await database.transaction(async (tx) => {
      const t = await repo.theme(tx, themeId);
      if (!t) throw notFound();
      const validP = new Set(plan?.priorities.map((p) => p.id) ?? []);
      const validC = new Set(plan?.priorities.flatMap((p) => p.commitments.map((x) => x.id)) ?? []);
      if (input.priorityIds.some((id) => !validP.has(id)) || input.commitmentIds.some((id) => !validC.has(id))) {
        throw new RuleError('Choose priorities and commitments of the plan this consultation informs');
      }
      await repo.updateTheme(tx, themeId, input);
      await recordAudit(tx, actor, {
        action: 'theme.link',
        entityType: 'theme',
        entityId: themeId,
        summary: `Linked the theme ${t.label} to what was done`,
        before: { response: t.response, priorityIds: t.priorityIds, commitmentIds: t.commitmentIds },
        after: input,
      });
    });
  }

  /** Sets the codes of one free-text answer (replacing its previous ones) and the analyst's note. */
  async function codeAnswer(actor: Actor, responseId: string, questionId: string, themeIds: string[], note: string) {
    await database.transaction(async (tx) => {
      const r = await repo.response(tx, responseId);
      if (!r) throw notFound();
      const s = await mustSurvey(tx, r.surveyId);
      const q = allQuestions(s.definition).find((x) => x.id === questionId);
      if (!q || q.type !== 'text') throw new RuleError('Only free-text answers are coded');
      const valid = new Set((await repo.themesOf(tx, s.consultationId)).map((t) => t.id));
      if (themeIds.some((t) => !valid.has(t))) throw new RuleError('Choose themes from this consultation’s codebook');
      const before = await repo.codesOfAnswer(tx, responseId, questionId);
      const keep = new Map(before.map((b) => [b.themeId, b]));
      await repo.replaceCodes(
        tx,
        responseId,
        questionId,
        [...new Set(themeIds)].map((themeId) => ({
          responseId,
          questionId,
          themeId,
          // Who coded what: a code kept from before keeps its coder.
          codedBy: keep.get(themeId)?.codedBy ?? actor.label,
          codedAt: keep.get(themeId)?.codedAt ?? clock.now(),
        })),
      );
      await repo.replaceNote(tx, responseId, questionId, note, actor.label);
      await recordAudit(tx, actor, {
        action: 'response.code',
        entityType: 'response',
        entityId: responseId,
        summary: `Coded the answer to ${questionId} of ${r.reference}`,
        before: before.map((b) => b.themeId),
        after: themeIds,
      });
    });
  }

  /** Free-text answers to one question, with their codes, notes and suggested codes. */
  async function codingQueue(surveyId: string, questionId: string) {
    const s = await mustSurvey(db, surveyId);
    const q = allQuestions(s.definition).find((x) => x.id === questionId && x.type === 'text');
    if (!q) throw notFound('No such free-text question');
    const rows = (await responsesOfFamily(surveyId)).filter((r) => typeof r.answers[questionId] === 'string');
    const ids = rows.map((r) => r.id);
    const [cs, ns, ts] = await Promise.all([repo.codesOfResponses(db, ids), repo.notesOfResponses(db, ids), repo.themesOf(db, s.consultationId)]);
    const codesBy = new Map<string, typeof cs>();
    for (const c of cs.filter((x) => x.questionId === questionId)) codesBy.set(c.responseId, [...(codesBy.get(c.responseId) ?? []), c]);
    const notesBy = new Map(ns.filter((n) => n.questionId === questionId).map((n) => [n.responseId, n]));
    const coded = rows.filter((r) => codesBy.has(r.id));
    const suggester = await trainSuggester(coded.map((r) => ({ text: String(r.answers[questionId]), codes: codesBy.get(r.id)!.map((c) => c.themeId) })));
    const items = rows.map((r) => {
      const text = String(r.answers[questionId]);
      const rc = codesBy.get(r.id) ?? [];
      const suggestions: Suggestion[] = !rc.length && suggester ? suggester.suggest(text, 3) : [];
      return { response: r, text, codes: rc, note: notesBy.get(r.id) ?? null, suggestions };
    });
    return { survey: s, question: q, themes: ts, items, codedCount: coded.length, canSuggest: !!suggester };
  }

  /** Theme counts overall, by area and by any demographic question, for one survey family. */
  async function themeCounts(surveyId: string) {
    const s = await mustSurvey(db, surveyId);
    const rows = await responsesOfFamily(surveyId);
    const cs = await repo.codesOfResponses(
      db,
      rows.map((r) => r.id),
    );
    const ts = await repo.themesOf(db, s.consultationId);
    const byResponse = new Map(rows.map((r) => [r.id, r]));
    const perTheme = new Map<string, Set<string>>();
    for (const c of cs) {
      const set = perTheme.get(c.themeId) ?? new Set();
      set.add(c.responseId);
      perTheme.set(c.themeId, set);
      // A sub-theme counts towards its theme too.
      const t = ts.find((x) => x.id === c.themeId);
      if (t?.parentId) {
        const ps = perTheme.get(t.parentId) ?? new Set();
        ps.add(c.responseId);
        perTheme.set(t.parentId, ps);
      }
    }
    return { themes: ts, perTheme, byResponse, codedResponses: new Set(cs.map((c) => c.responseId)).size };
  }

  // ---- quotations and "you said, we did" ----
  async function addQuotation(actor: Actor, consultationId: string, input: { text: string; responseId?: string | null; themeId?: string | null }) {
    return database.transaction(async (tx) => {
      const c = await mustConsultation(tx, consultationId);
      const q = await repo.insertQuotation(tx, { consultationId, text: input.text, responseId: input.responseId ?? null, themeId: input.themeId ?? null });
      await recordAudit(tx, actor, { action: 'quotation.create', entityType: 'quotation', entityId: q.id, summary: `Proposed a quotation for ${c.title}` });
      return q;
    });
  }

  async function setQuotationPublished(actor: Actor, id: string, published: boolean) {
    return database.transaction(async (tx) => {
      const q = await repo.quotation(tx, id);
      if (!q) throw notFound();
      await repo.setQuotationPublished(tx, id, published, published ? actor.label : null);
      await recordAudit(tx, actor, {
        action: published ? 'quotation.publish' : 'quotation.withdraw',
        entityType: 'quotation',
        entityId: id,
        summary: `${published ? 'Published' : 'Withdrew'} a quotation`,
      });
      return q;
    });
  }

  /**
   * The public results of a consultation: responses by channel, each theme with how many raised
   * it, what was done (priorities, commitments, delivery actions) and published quotations only.
   */
  async function youSaidWeDid(consultationId: string) {
    const c = await mustConsultation(db, consultationId);
    const ss = await repo.surveysOf(db, c.id);
    const rows = await repo.responsesOf(
      db,
      ss.map((s) => s.id),
    );
    const cs = await repo.codesOfResponses(
      db,
      rows.map((r) => r.id),
    );
    const ts = await repo.themesOf(db, c.id);
    const plan = await planOf(c);
    const priorityById = new Map(plan?.priorities.map((p) => [p.id, p]) ?? []);
    const commitmentById = new Map(plan?.priorities.flatMap((p) => p.commitments.map((x) => [x.id, x] as const)) ?? []);
    const count = (themeId: string) => {
      const ids = new Set(ts.filter((t) => t.id === themeId || t.parentId === themeId).map((t) => t.id));
      return new Set(cs.filter((x) => ids.has(x.themeId)).map((x) => x.responseId)).size;
    };
    const actionsFor = async (t: (typeof ts)[number]): Promise<PublicAction[]> => {
      if (!deps.actions) return [];
      const lists = await Promise.all([
        ...t.priorityIds.map((priorityId) => deps.actions!.listPublicActions({ priorityId })),
        ...t.commitmentIds.map((commitmentId) => deps.actions!.listPublicActions({ commitmentId })),
      ]);
      const seen = new Map<string, PublicAction>();
      for (const a of lists.flat()) seen.set(a.id, a);
      return [...seen.values()];
    };
    const quotes = (await repo.quotationsOf(db, c.id)).filter((q) => q.published);
    const topThemes = ts.filter((t) => !t.parentId);
    const themeRows = await Promise.all(
      topThemes.map(async (t) => ({
        id: t.id,
        label: t.label,
        description: t.description,
        count: count(t.id),
        response: t.response,
        subThemes: ts.filter((x) => x.parentId === t.id).map((x) => ({ label: x.label, count: count(x.id) })),
        priorities: t.priorityIds.map((id) => priorityById.get(id)).filter((p): p is NonNullable<typeof p> => !!p),
        commitments: t.commitmentIds.map((id) => commitmentById.get(id)).filter((p): p is NonNullable<typeof p> => !!p),
        actions: await actionsFor(t),
        quotations: quotes.filter((q) => q.themeId === t.id).map((q) => q.text),
      })),
    );
    themeRows.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
    const byChannel = new Map<string, number>();
    for (const r of rows) byChannel.set(r.channel, (byChannel.get(r.channel) ?? 0) + 1);
    return {
      consultation: c,
      plan: plan ? { reference: plan.reference, title: plan.title, priorityLabel: plan.priorityLabel ?? 'Priority' } : null,
      total: rows.length,
      synthetic: rows.filter((r) => r.synthetic).length,
      byChannel: [...byChannel.entries()].sort((a, b) => b[1] - a[1]),
      codedResponses: new Set(cs.map((x) => x.responseId)).size,
      themes: themeRows,
      otherQuotations: quotes.filter((q) => !q.themeId || !topThemes.some((t) => t.id === q.themeId)).map((q) => q.text),
    };
  }

  return {
    analysisData,
    addTheme,
    linkTheme,
    themes: (consultationId: string) => repo.themesOf(db, consultationId),
    theme: (id: string) => repo.theme(db, id),
    codeAnswer,
    codingQueue,
    themeCounts,
    addQuotation,
    setQuotationPublished,
    quotations: (consultationId: string) => repo.quotationsOf(db, consultationId),
    youSaidWeDid,
  };
}

export type AnalysisService = ReturnType<typeof createAnalysisService>;
