import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ImportRefused, readCsv, type CsvRow, type ImportProblem } from '../../platform/importKit.js';
import { auditRow, recordAudit } from '../../platform/audit.js';
import { RuleError } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import type { PublicConsultation } from './consultationsService.js';
import type { SurveysService } from './surveysService.js';
import type { EngagementContext } from './engagementContext.js';
import { engagementRepository as repo } from './engagementRepository.js';
import { noticeResponseReceived } from './notices.js';
import { CHANNELS, type Channel } from './schema.js';
import { allQuestions, missingRequired, optionsOf, parseSectionAnswers, pruneHidden, type Answers, type SurveyDefinition } from './surveyDefinition.js';

const NO_SOURCE_REF = 'Add a source_ref column (the paper form or session number), so a re-import never duplicates';

/** Values separated by ";" in one cell. */
const splitList = (v: string) =>
  v
    .split(';')
    .map((x) => x.trim())
    .filter(Boolean);

/** A response reference people can read out: EN-XXXX-XXXX without look-alike characters. */
export function newReference(): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const bytes = randomBytes(8);
  let s = '';
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return `EN-${s.slice(0, 4)}-${s.slice(4)}`;
}

/**
 * The survey or its consultation changed after the public pages last read them (in this process
 * or another): nothing was stored; read them again and redo the checks before storing.
 */
export class SurveyChanged extends RuleError {
  constructor() {
    super('This survey has just been changed: check your answers and send them again');
  }
}

/** Responses: given online, entered or imported from paper, and generated for demonstrations. */
export function createResponsesService(ctx: EngagementContext, surveys: Pick<SurveysService, 'surveyFamily'>) {
  const { db, database, deps, mustConsultation, mustSurvey, areaHelpers, forgetKept, clock } = ctx;

  // ---- responses ----
  async function validateComplete(def: SurveyDefinition, answers: Answers) {
    const missing = missingRequired(def, answers);
    if (missing.length) throw new RuleError(`Unanswered required questions: ${missing.map((m) => m.question.label).join('; ')}`);
  }

  function areaOf(def: SurveyDefinition, answers: Answers): string | null {
    const q = allQuestions(def).find((x) => x.type === 'area' && x.areaLevel !== 'postcode') ?? allQuestions(def).find((x) => x.type === 'area');
    const v = q ? answers[q.id] : undefined;
    return typeof v === 'string' && v !== 'Prefer not to say' ? v : null;
  }

  /**
   * Stores a response in one transaction (with its audit row, and an update e-mail kept apart
   * with no link to it) and only then returns the reference to acknowledge.
   */
  async function submit(
    actor: Actor,
    surveyId: string,
    rawAnswers: Answers,
    opts: {
      channel?: Channel;
      email?: string | null;
      synthetic?: boolean;
      sourceKey?: string | null;
      submittedAt?: Date;
      /**
       * The public pages' copy of the consultation the caller checked the response against (its
       * stage, its live survey): the response is stored only if neither has changed since, else
       * SurveyChanged is thrown and the copy is forgotten. Without it the survey is read now.
       */
      checkedAgainst?: PublicConsultation;
    } = {},
  ): Promise<{ reference: string; id: string }> {
    const checked = opts.checkedAgainst;
    if (checked && (checked.liveSurvey?.id !== surveyId || !checked.revisions)) {
      forgetKept();
      throw new SurveyChanged();
    }
    const s = checked?.liveSurvey ?? (await mustSurvey(db, surveyId));
    if (s.status !== 'published' && (opts.channel ?? 'online') === 'online') throw new RuleError('This survey is not open for responses');
    const answers = pruneHidden(s.definition, rawAnswers);
    await validateComplete(s.definition, answers);
    const channel = opts.channel ?? 'online';
    const id = randomUUID();
    const reference = newReference();
    const row = {
      response: {
        id,
        surveyId,
        reference,
        channel,
        answers,
        areaCode: areaOf(s.definition, answers),
        synthetic: opts.synthetic ?? false,
        sourceKey: opts.sourceKey ?? null,
        enteredBy: actor.id ? actor.label : null,
        submittedAt: opts.submittedAt ?? clock.now(),
      },
      // Kept apart, with no link to the response.
      contact: opts.email ? { consultationId: s.consultationId, email: opts.email.toLowerCase() } : undefined,
      audit: auditRow(actor, {
        action: 'response.create',
        entityType: 'response',
        entityId: id,
        summary: `Response ${reference} received (${channel})${opts.synthetic ? ', synthetic' : ''}`,
      }),
      unchanged: checked?.revisions ?? undefined,
    };
    // One statement: the response, its audit row and the e-mail commit together or not at all.
    // An acknowledgement by e-mail commits with them, in one transaction; without one the
    // statement is all there is, run outside a transaction as the statement prepared once for
    // the whole database (a transaction's own would be built again for every response).
    const acknowledge = Boolean(opts.email && channel === 'online');
    const stored = acknowledge
      ? await database.transaction(async (tx) => {
          const done = await repo.storeResponse(tx, row);
          if (done && opts.email) await noticeResponseReceived(deps.notify, tx, opts.email, await mustConsultation(tx, s.consultationId), reference);
          return done;
        })
      : await repo.storeResponse(db, row);
    if (!stored) {
      forgetKept();
      throw new SurveyChanged();
    }
    return { reference, id };
  }

  /**
   * Imports offline responses from CSV: a column per question id (multiple choice and ranks as
   * values separated by ";", ranks in order of preference), optional `channel` and a
   * `source_ref` that makes a re-import update instead of duplicating. All or nothing.
   */
  async function importCsv(actor: Actor, surveyId: string, csv: string, defaultChannel: Channel) {
    const s = await mustSurvey(db, surveyId);
    const def = s.definition;
    const { optionsFor } = await areaHelpers();
    const questions = allQuestions(def);
    // One row's answers, checked as the survey's pages check them; each problem on its column.
    const row = z.record(z.string(), z.string()).transform((record, check) => {
      const problem = (column: string, message: string) => check.addIssue({ code: 'custom', path: [column], message });
      const body: Record<string, unknown> = {};
      for (const q of questions) {
        const v = record[q.id] ?? '';
        if (q.type === 'multiple') body[q.id] = splitList(v);
        else if (q.type === 'rank') {
          const order = splitList(v);
          optionsOf(q).forEach((o, i) => {
            const at = order.indexOf(o.value);
            if (at >= 0) body[`${q.id}__${i}`] = String(at + 1);
          });
          const unknown = order.filter((x) => !optionsOf(q).some((o) => o.value === x));
          if (unknown.length) problem(q.id, `Unknown option ${unknown[0]}`);
        } else body[q.id] = v;
      }
      let answers: Answers = {};
      for (const section of def.sections) {
        const r = parseSectionAnswers(section, body, answers, optionsFor);
        answers = { ...answers, ...r.answers };
        for (const e of r.errors) problem(e.field.replace(/__\d+$/, ''), e.message);
      }
      const channel = CHANNELS.find((c) => c === (record.channel || defaultChannel));
      if (!channel) problem('channel', `Channel must be one of ${CHANNELS.join(', ')}`);
      const sourceKey = record.source_ref ?? '';
      if (!sourceKey) problem('source_ref', 'Enter a source reference');
      return { answers, channel: channel ?? defaultChannel, sourceKey };
    });
    const columns = ['source_ref', 'channel', ...questions.map((q) => q.id)];
    let read: CsvRow<z.output<typeof row>>[];
    try {
      read = readCsv(csv, { columns, required: ['source_ref'], row });
    } catch (e) {
      // The kit says a column is missing; for source_ref, say also why it is needed.
      if (e instanceof ImportRefused)
        throw new ImportRefused(e.problems.map((p) => (p.line === 1 && p.field === 'source_ref' && !p.column ? { ...p, message: NO_SOURCE_REF } : p)));
      throw e;
    }
    if (!read.length) throw new ImportRefused([{ line: 2, message: 'The file has no responses' }]);
    const problems: ImportProblem[] = [];
    const seenKeys = new Set<string>();
    for (const { line, value } of read) {
      if (seenKeys.has(value.sourceKey))
        problems.push({
          line,
          column: 1 + columns.indexOf('source_ref'),
          field: 'source_ref',
          message: `The source reference ${value.sourceKey} is used twice in the file`,
        });
      seenKeys.add(value.sourceKey);
    }
    if (problems.length) throw new ImportRefused(problems);
    const rows = read.map((r) => r.value);
    return database.transaction(async (tx) => {
      let created = 0;
      let updated = 0;
      for (const r of rows) {
        const existing = await repo.responseIdBySourceKey(tx, surveyId, r.sourceKey);
        if (existing) {
          await repo.updateResponse(tx, existing, { answers: r.answers, channel: r.channel, areaCode: areaOf(def, r.answers), enteredBy: actor.label });
          updated++;
        } else {
          await repo.insertResponse(tx, {
            surveyId,
            reference: newReference(),
            channel: r.channel,
            answers: r.answers,
            areaCode: areaOf(def, r.answers),
            sourceKey: r.sourceKey,
            enteredBy: actor.label,
          });
          created++;
        }
      }
      await recordAudit(tx, actor, {
        action: 'response.import',
        entityType: 'survey',
        entityId: surveyId,
        summary: `Imported offline responses to ${s.title}: ${created} new, ${updated} updated`,
      });
      return { created, updated };
    });
  }

  /** Generated demo responses, labelled synthetic, in one transaction with one audit row. */
  async function addSynthetic(actor: Actor, surveyId: string, rows: { answers: Answers; channel: Channel; submittedAt: Date }[]) {
    const s = await mustSurvey(db, surveyId);
    return database.transaction(async (tx) => {
      const out: { index: number; id: string; reference: string }[] = [];
      for (let i = 0; i < rows.length; i += 200) {
        const batch = rows.slice(i, i + 200).map((r) => {
          const answers = pruneHidden(s.definition, r.answers);
          return {
            surveyId,
            reference: newReference(),
            channel: r.channel,
            answers,
            areaCode: areaOf(s.definition, answers),
            synthetic: true,
            submittedAt: r.submittedAt,
          };
        });
        const ids = await repo.insertResponses(tx, batch);
        ids.forEach((x, j) => out.push({ index: i + j, ...x }));
      }
      await recordAudit(tx, actor, {
        action: 'response.synthetic',
        entityType: 'survey',
        entityId: surveyId,
        summary: `Generated ${rows.length} synthetic responses for ${s.title}`,
      });
      return out;
    });
  }

  async function responsesOfFamily(surveyId: string) {
    const { versions } = await surveys.surveyFamily(surveyId);
    return repo.responsesOf(
      db,
      versions.map((v) => v.id),
    );
  }

  async function responseDetail(id: string) {
    const r = await repo.response(db, id);
    if (!r) return undefined;
    const s = await repo.survey(db, r.surveyId);
    const [cs, ns] = await Promise.all([repo.codesOfResponses(db, [id]), repo.notesOfResponses(db, [id])]);
    const ts = await repo.themesOf(db, s!.consultationId);
    return { response: r, survey: s!, codes: cs, notes: ns, themes: ts };
  }

  return {
    submit,
    importCsv,
    addSynthetic,
    responsesOfFamily,
    responseDetail,
    responseByReference: (ref: string) => repo.responseByReference(db, ref),
    responsesByReferences: (references: string[]) => repo.responsesByReferences(db, references),
    contactCount: (consultationId: string) => repo.contactCount(db, consultationId),
  };
}

export type ResponsesService = ReturnType<typeof createResponsesService>;
