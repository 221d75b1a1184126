import type { Database } from '../../db/index.js';
import type { OpenDataset } from '../../platform/context.js';
import type { FieldSpec } from '../../platform/openData.js';
import type { EngagementService } from './engagementService.js';
import { openDataRepository as repo } from './openDataRepository.js';
import { consultationRows, logByWardRows, youSaidWeDidRows } from './presenters/openDataRows.js';

export const ENGAGEMENT_API = '/api/v1/engagement';

/**
 * Engagement's open data: public consultations (never drafts), published results and the
 * engagement log counted by ward. Aggregates and published text only: no answers, e-mail
 * addresses, names, or notes of a meeting.
 */
export function createEngagementOpenData(database: Database, service: EngagementService) {
  const { db } = database;

  /** Consultations the public site shows (forthcoming, open, closed), newest first. */
  async function publicConsultations() {
    const hub = await service.publicHub();
    const list = [...hub.open, ...hub.forthcoming, ...hub.closed].sort((a, b) => b.opensOn.localeCompare(a.opensOn) || a.reference.localeCompare(b.reference));
    return Promise.all(list.map(async (c) => ({ ...c, methods: (await service.consultationByReference(c.reference))?.methods ?? [] })));
  }

  return {
    async consultations() {
      const [list, counts] = await Promise.all([publicConsultations(), repo.responseCounts(db)]);
      return consultationRows(list, counts);
    },
    async youSaidWeDid() {
      const list = (await publicConsultations()).filter((c) => c.stage === 'feedback-published');
      return youSaidWeDidRows(await Promise.all(list.map((c) => service.youSaidWeDid(c.id))));
    },
    async logByWard(year: number) {
      const [counts, { lists }] = await Promise.all([repo.logCounts(db, `${year}-01-01`, `${year}-12-31`), service.areaHelpers()]);
      return logByWardRows(year, counts, lists.lad, lists.ward);
    },
  };
}
export type EngagementOpenData = ReturnType<typeof createEngagementOpenData>;

/** What each field means, for the OpenAPI document and the API reference page. */
export const engagementFields = {
  consultations: {
    reference: ['string', 'Reference of the consultation'],
    title: ['string', 'Title'],
    purpose: ['string', 'What it is for'],
    audience: ['string', 'Who it is for'],
    areas: ['string', 'Where it runs'],
    stage: ['string', 'planned, open, closed, analysed or feedback-published'],
    stageLabel: ['string', 'The stage in words'],
    opensOn: ['date', 'When it opens'],
    closesOn: ['date', 'When it closes'],
    originalClosesOn: ['string', 'YYYY-MM-DD it was first due to close, when it was extended (else empty)'],
    extensionReason: ['string', 'Why it was extended (empty when it was not)'],
    planReference: ['string', 'The plan it informs (empty when none)'],
    priorityReferences: ['string[]', 'The priorities of that plan it informs'],
    methods: ['string[]', 'How people can take part (online survey, roadshow, focus group…)'],
    methodDetails: ['string[]', 'Each method with its description, dates, places and groups'],
    responses: ['integer', 'How many responses were received (all channels)'],
    syntheticResponses: ['integer', 'How many of them are generated demonstration data'],
    responsesByChannel: ['string[]', 'Responses by channel, as "Channel: count"'],
    resultsSummary: ['string', 'The published summary of the results (empty until feedback is published)'],
    resultsUrl: ['string', 'The "you said, we did" page (empty until feedback is published)'],
    url: ['uri', 'The consultation’s page on this site'],
  },
  'you-said-we-did': {
    consultationReference: ['string', 'Reference of the consultation'],
    consultationTitle: ['string', 'Title of the consultation'],
    theme: ['string', 'A theme people raised'],
    description: ['string', 'What the theme covers'],
    responsesRaisingIt: ['integer', 'How many responses raised it'],
    codedResponses: ['integer', 'How many responses were read and coded in all'],
    subThemes: ['string[]', 'Its sub-themes, as "Label (count)"'],
    weDid: ['string', 'What was done about it'],
    planReference: ['string', 'The plan the consultation informed (empty when none)'],
    priorities: ['string[]', 'Priorities of the plan that answer it, as "Reference: title"'],
    commitments: ['string[]', 'Commitments of the plan that answer it'],
    actions: ['string[]', 'Public delivery actions under those priorities and commitments'],
    actionUrls: ['string[]', 'The pages of those actions'],
    url: ['uri', 'The "you said, we did" page'],
  },
  'engagement-log': {
    year: ['integer', 'The calendar year counted'],
    localAuthorityCode: ['string', 'ONS code of the local authority (empty when not recorded)'],
    localAuthorityName: ['string', 'Name of the local authority'],
    wardCode: ['string', 'ONS code of the ward (empty when not recorded)'],
    wardName: ['string', 'Name of the ward (empty when not recorded)'],
    entries: ['integer', 'Meetings and events of the commissioner and the office in the ward that year'],
    syntheticEntries: ['integer', 'How many of them are demonstration records'],
    attendees: ['integer', 'People who attended, where counted'],
    types: ['string[]', 'Entries by type, as "type: count"'],
    lastEntryOn: ['string', 'YYYY-MM-DD of the latest entry (empty when none)'],
  },
} satisfies Record<string, Record<string, FieldSpec>>;

const both = (name: string) => [
  { label: 'CSV', href: `${ENGAGEMENT_API}/${name}.csv` },
  { label: 'JSON', href: `${ENGAGEMENT_API}/${name}` },
];

/** Engagement's registers on the open data page. */
export const engagementOpenDatasets: OpenDataset[] = [
  {
    title: 'Consultations',
    description: 'Every public consultation: its stage, dates, how people could take part, how many responded, and the published results.',
    formats: both('consultations'),
  },
  {
    title: 'You said, we did',
    description:
      'For each consultation whose feedback is published: the themes people raised, how many raised each, and the priorities and actions that answer them.',
    formats: both('you-said-we-did'),
  },
  {
    title: 'Engagement log by ward',
    description:
      'How many meetings and events the commissioner and the office held in each ward this year, and of which kinds (counts only). Add ?year= for another year.',
    formats: both('engagement-log'),
  },
];
