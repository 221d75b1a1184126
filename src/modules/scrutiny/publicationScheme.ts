/**
 * The classes of information an elected local policing body must publish under the Elected Local
 * Policing Bodies (Specified Information) Order 2011 (SI 2011/3050), as amended in 2012 and by
 * the Elected Local Policing Bodies (Specified Information) (Amendment) Order 2021 (SI 2021/926).
 * `maxAgeDays` is how old the latest publication may be before the class is flagged overdue
 * (the office's own standard where the Order says "as soon as practicable"); editable per class.
 */
export interface PublicationClassDefinition {
  key: string;
  title: string;
  requirement: string;
  maxAgeDays: number;
  /** Where OpenPCC itself publishes it, if it does. */
  whereUrl: string | null;
}

export const PUBLICATION_CLASSES: PublicationClassDefinition[] = [
  {
    key: 'who-we-are',
    title: 'Who we are and what we do',
    requirement: 'Name, contact details, staff structure, senior staff salaries and allowances of the elected head (Schedule para 1).',
    maxAgeDays: 366,
    whereUrl: null,
  },
  {
    key: 'budget-and-precept',
    title: 'Budget and precept',
    requirement: 'The annual budget, the precept and the police fund (Schedule para 2).',
    maxAgeDays: 366,
    whereUrl: null,
  },
  {
    key: 'spending-over-500',
    title: 'Expenditure over £500',
    requirement: 'Each item of expenditure over £500 (Schedule para 2(d)).',
    maxAgeDays: 45,
    whereUrl: null,
  },
  {
    key: 'contracts-over-10000',
    title: 'Contracts over £10,000',
    requirement: 'Contracts and invitations to tender over £10,000 (Schedule para 2(e)–(h)).',
    maxAgeDays: 95,
    whereUrl: null,
  },
  {
    key: 'police-and-crime-plan',
    title: 'Police and crime plan',
    requirement: 'The plan in force and any variation (Schedule para 3).',
    maxAgeDays: 366,
    whereUrl: '/plans',
  },
  {
    key: 'annual-report',
    title: 'Annual report',
    requirement: 'The annual report to the Police and Crime Panel (Schedule para 3).',
    maxAgeDays: 400,
    whereUrl: null,
  },
  {
    key: 'national-measures-statement',
    title: 'Statement on the national crime and policing measures',
    requirement:
      "A statement on the force's contribution to the national crime and policing measures, with the annual report and otherwise at least every quarter (2021 amendment).",
    maxAgeDays: 95,
    whereUrl: null,
  },
  {
    key: 'hmicfrs-comments',
    title: 'Comments on HMICFRS reports',
    requirement: 'The comments on each HMICFRS report about the force, within 56 days of the report (2021 amendment; Police Act 1996 s.55).',
    maxAgeDays: 366,
    whereUrl: '/scrutiny/inspections',
  },
  {
    key: 'complaints',
    title: 'Complaints',
    requirement: 'Information on complaints against the elected head and on how the body monitors complaints against the force (2021 amendment).',
    maxAgeDays: 95,
    whereUrl: null,
  },
  {
    key: 'decisions',
    title: 'Decisions of significant public interest',
    requirement: 'Each decision of significant public interest, with the facts and advice relied on (Schedule para 4).',
    maxAgeDays: 95,
    whereUrl: '/scrutiny/decisions',
  },
  {
    key: 'agendas-and-minutes',
    title: 'Agendas and minutes of meetings',
    requirement: 'Agendas and minutes of public meetings, including accountability meetings with the chief officer (Schedule para 4).',
    maxAgeDays: 95,
    whereUrl: '/scrutiny/meetings',
  },
  {
    key: 'registers',
    title: 'Registers of interests, gifts and hospitality',
    requirement: 'The registers of disclosable interests and of gifts and hospitality of the elected head, deputy and senior staff (Schedule para 5).',
    maxAgeDays: 366,
    whereUrl: null,
  },
];
