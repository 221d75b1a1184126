import { recordAudit } from '../../platform/audit.js';
import { RuleError } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import type { ActionInput, AgendaItemInput, MeetingInput, TopicInput } from './forms/scrutinyForms.js';
import { must, type ScrutinyContext, type UploadedFile } from './scrutinyContext.js';
import { scrutinyRepository as repo } from './scrutinyRepository.js';
import type { MeetingKind } from './schema.js';

/** Meetings of the Panel and accountability meetings: their agendas and papers, topics and actions. */
export function createMeetingsService(ctx: ScrutinyContext) {
  const { database, db, deps, platform, review, withFile, addDocument, priorityChoices } = ctx;

  async function createMeeting(actor: Actor, input: MeetingInput, opts: { isDemo?: boolean } = {}) {
    // Plans waiting for the Panel's review go on a new Panel meeting's agenda (read before the transaction).
    const waiting = input.kind === 'panel' ? (await deps.plans.list({ includeDrafts: true })).filter((p) => p.status === 'panel-review') : [];
    return database.transaction(async (tx) => {
      const m = await repo.insertMeeting(tx, { ...input, isDemo: opts.isDemo ?? false });
      await recordAudit(tx, actor, {
        action: 'scrutiny.meeting.create',
        entityType: 'scrutiny-meeting',
        entityId: m.id,
        summary: `Added meeting "${m.title}" on ${m.meetingDate}`,
        after: m,
      });
      await review.scheduleWaitingPlans(tx, actor, m, waiting);
      return m;
    });
  }

  async function updateMeeting(actor: Actor, id: string, input: MeetingInput) {
    return database.transaction(async (tx) => {
      const before = await must(repo.meeting(tx, id), 'meeting');
      const m = await repo.updateMeeting(tx, id, input);
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
    return withFile(file, async (tx, stored) => {
      const m = await must(repo.meeting(tx, meetingId), 'meeting');
      const position = (await repo.agenda(tx, meetingId)).length + 1;
      const item = await repo.insertAgendaItem(tx, { meetingId, position, title: input.title });
      let doc;
      if (input.url || stored) doc = await addDocument(tx, 'agenda-item', item.id, input.paperTitle ?? input.title, input.url, stored);
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
    return withFile(file, async (tx, stored) => {
      const item = await must(repo.agendaItem(tx, agendaItemId), 'agenda item');
      const doc = await addDocument(tx, 'agenda-item', item.id, title, url, stored);
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

  /** The performance module's measures (none without it), as choices. */
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
      const t = await repo.insertTopic(tx, {
        meetingId,
        position,
        title: input.title,
        question: input.question,
        priorityId: priority?.id ?? null,
        priorityTitle: priority?.title ?? null,
        measureId: measure?.id ?? null,
        measureTitle: measure?.title ?? null,
      });
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
      const t = await repo.updateTopic(tx, topicId, { answer });
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
      const a = await repo.insertAction(tx, { meetingId, ...input });
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
      const a = await repo.updateAction(tx, id, { status: 'closed', ...input });
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

  return {
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
    getAgendaItem: (agendaItemId: string) => repo.agendaItem(db, agendaItemId),
  };
}
