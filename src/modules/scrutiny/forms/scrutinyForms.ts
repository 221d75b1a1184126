import { z } from 'zod';
import { field } from '../../../platform/forms.js';
import { FINDING_KINDS, FINDING_STATUSES, INSPECTION_KINDS, MEETING_KINDS, MEETING_STATUSES, RESPONSES, RISK_KINDS } from '../schema.js';

/** Optional free text: an empty box is null. */
const optional = (label: string, max = 20000) => field.optionalText(label, max).transform((v) => v ?? null);
const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(field.isoDate(label).optional())
    .transform((v) => v ?? null);
const optionalId = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || /^[0-9a-f-]{36}$/i.test(v), 'Choose an item from the list');
const reference = z
  .string({ error: 'Enter a reference' })
  .trim()
  .min(1, 'Enter a reference')
  .max(80, 'Reference must be 80 characters or fewer')
  .regex(/^[A-Za-z0-9][A-Za-z0-9./-]*$/, 'Reference must use letters, digits, dots, slashes and dashes only, like DN-2025-014');
const checkbox = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v.includes('yes') : v === 'yes'));
/** A site-relative link (a document OpenPCC generates) or an https address. */
const link = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || /^\/(?!\/)[^\s]*$/.test(v) || /^https:\/\/[^\s]+$/.test(v), 'Enter a link that starts with / (a page of this site) or https://');
const scale = (label: string) =>
  z.coerce
    .number({ error: `Choose the ${label}` })
    .int(`Choose the ${label}`)
    .min(1, `Choose the ${label} from 1 to 5`)
    .max(5, `Choose the ${label} from 1 to 5`);

export const meetingForm = z.object({
  kind: z.enum(MEETING_KINDS, { error: 'Choose the kind of meeting' }),
  title: field.text('a title', 300),
  meetingDate: field.isoDate('the date of the meeting'),
  place: optional('place', 300),
  status: z.enum(MEETING_STATUSES, { error: 'Choose the status' }).default('scheduled'),
  minutes: optional('minutes'),
  publicSummary: optional('public summary'),
});
export type MeetingInput = z.infer<typeof meetingForm>;

export const agendaItemForm = z.object({
  title: field.text('the agenda item', 500),
  paperTitle: optional('the title of the paper', 300),
  url: link,
});
export type AgendaItemInput = z.infer<typeof agendaItemForm>;

export const panelReportForm = z.object({
  reference,
  title: field.text('a title', 300),
  reportDate: field.isoDate('the date of the report'),
  meetingId: optionalId,
  resolution: optional('resolution', 4000),
  body: optional('report'),
  planId: optionalId,
  answeredByPlanId: optionalId,
  /** On the public site: the report, its recommendations and the published responses. */
  published: checkbox,
});
export type PanelReportInput = z.infer<typeof panelReportForm>;

export const recommendationForm = z.object({
  text: field.text('the recommendation', 4000),
  responseDue: field.isoDate('the date the response is due'),
});
export type RecommendationInput = z.infer<typeof recommendationForm>;

export const responseForm = z.object({
  response: z.enum(RESPONSES, { error: 'Choose whether the recommendation is accepted, partly accepted or rejected' }),
  responseText: field.text('the response', 8000),
  publish: checkbox,
});
export type ResponseInput = z.infer<typeof responseForm>;

export const topicForm = z.object({
  title: field.text('the topic', 500),
  priorityId: optionalId,
  measureId: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => (v ? v : null)),
  question: optional('question', 4000),
});
export type TopicInput = z.infer<typeof topicForm>;

export const answerForm = z.object({ answer: field.text('the answer', 8000) });

export const actionForm = z.object({
  description: field.text('the action', 2000),
  owner: field.text('who owns the action', 200),
  dueDate: field.isoDate('the due date'),
});
export type ActionInput = z.infer<typeof actionForm>;

export const closeActionForm = z.object({
  closedOn: field.isoDate('the date the action was closed'),
  closureNote: field.text('how the action was closed', 4000),
});

export const decisionForm = z.object({
  reference,
  title: field.text('a title', 300),
  decisionDate: field.isoDate('the date of the decision'),
  decidedBy: field.text('who decided', 200),
  summary: field.text('a summary', 8000),
  financialImplications: optional('financial implications', 4000),
  significantPublicInterest: checkbox,
  exemptParts: optional('exempt parts'),
  exemptionReason: optional('the reason for exemption', 2000),
  published: checkbox,
});
export type DecisionInput = z.infer<typeof decisionForm>;

export const decisionDocumentForm = z.object({ title: field.text('the title of the document', 300), url: link });

export const inspectionForm = z.object({
  reference,
  title: field.text('a title', 300),
  kind: z.enum(INSPECTION_KINDS, { error: 'Choose PEEL or thematic' }),
  publishedOn: field.isoDate('the date HMICFRS published the report'),
  summary: optional('summary'),
  url: link,
});
export type InspectionInput = z.infer<typeof inspectionForm>;

export const findingForm = z.object({
  kind: z.enum(FINDING_KINDS, { error: 'Choose the kind of finding' }),
  text: field.text('the finding', 4000),
  priorityIds: field.list(),
});
export type FindingInput = z.infer<typeof findingForm>;

export const findingUpdateForm = z.object({
  updateDate: field.isoDate('the date of the update'),
  text: field.text('the update', 4000),
  status: z.enum(FINDING_STATUSES, { error: 'Choose the status' }),
});
export type FindingUpdateInput = z.infer<typeof findingUpdateForm>;

export const commentsForm = z.object({
  commentsText: field.text('the comments', 20000),
  commentsPublishedOn: field.isoDate('the date the comments were published'),
});

export const riskForm = z.object({
  reference,
  kind: z.enum(RISK_KINDS, { error: 'Choose risk or horizon item' }),
  title: field.text('a title', 300),
  description: field.text('a description', 4000),
  likelihood: scale('likelihood'),
  impact: scale('impact'),
  owner: field.text('the owner', 200),
  mitigations: optional('mitigations', 4000),
  reviewDate: field.isoDate('the review date'),
  closed: checkbox,
  isPublic: checkbox,
});
export type RiskInput = z.infer<typeof riskForm>;

export const publicationClassForm = z.object({
  whereUrl: link,
  lastUpdated: optionalDate('the date it was last updated'),
});

export const calendarSettingsForm = z.object({
  lastElectionDate: optionalDate('the date of the last election').transform((v) => v ?? ''),
  annualReportMonthDay: z
    .string()
    .trim()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Enter the month and day as MM-DD, for example 07-31'),
  reminderEmail: z.string().trim().email('Enter an email address in the correct format').or(z.literal('')),
  reminderDays: z.coerce
    .number({ error: 'Enter a number of days' })
    .int('Enter a whole number of days')
    .min(1, 'Enter at least 1 day')
    .max(90, 'Enter 90 days or fewer'),
});
