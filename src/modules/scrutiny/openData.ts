import type { OpenDataset } from '../../platform/context.js';

const API = '/api/v1/scrutiny';
const both = (name: string) => [
  { label: 'CSV', href: `${API}/${name}.csv` },
  { label: 'JSON', href: `${API}/${name}` },
];

/** The scrutiny registers on the open data page: public records only, never personal data. */
export const scrutinyOpenData: OpenDataset[] = [
  {
    title: 'Panel reports',
    description: 'Every published report of the Police and Crime Panel, with the response to it and how many of its recommendations have been answered.',
    formats: both('panel-reports'),
  },
  {
    title: 'Panel recommendations and responses',
    description: 'What the Panel recommended and what the elected head did, with due dates and status.',
    formats: both('recommendations'),
  },
  { title: 'Meetings', description: 'Panel meetings and accountability meetings with the chief officer.', formats: both('meetings') },
  {
    title: 'Actions from accountability meetings',
    description: 'What was agreed at each accountability meeting, who does it and by when.',
    formats: both('actions'),
  },
  { title: 'Decisions', description: 'The register of published decisions (exempt parts are never included).', formats: both('decisions') },
  {
    title: 'HMICFRS inspections and their recommendations',
    description: 'Inspections of the force, each cause of concern, recommendation and area for improvement, and the 56-day comments deadline.',
    formats: both('inspections'),
  },
  { title: 'Risks and horizon scanning', description: 'The risks and horizon-scanning items the office has marked public.', formats: both('risks') },
  {
    title: 'Statutory calendar',
    description: 'Deadlines set by law and public meetings, from three months ago to a year ahead.',
    formats: [{ label: 'iCalendar', href: '/calendar.ics' }, ...both('calendar')],
  },
  {
    title: 'Publication schedule',
    description: 'The classes of information the Specified Information Order requires, and whether each is up to date.',
    formats: both('publication-schedule'),
  },
];
