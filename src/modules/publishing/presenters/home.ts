import type { OpenDataset } from '../../../platform/context.js';
import type { PlanWording, PublicPlanTree } from '../deps.js';

/**
 * The home page: the plan in force (its vision and its priorities, each linking to its page)
 * and quick links. With no published plan yet, it says so and still links to everything else.
 */
export function homePresenter(current: PublicPlanTree | undefined, datasets: OpenDataset[], words: PlanWording) {
  const { priorityHeading, publicPlanPaths, termLabel, textBlocks } = words;
  const quickLinks = [
    { text: 'All plans', href: publicPlanPaths.list(), description: 'The current plan and past plans, with every version.' },
    {
      text: 'Open data',
      href: '/open-data',
      description: `${datasets.length} ${datasets.length === 1 ? 'dataset' : 'datasets'} to download and reuse under the Open Government Licence.`,
    },
    { text: 'The API', href: '/api', description: 'The same data for software and spreadsheets: every address, its fields and formats.' },
  ];
  if (!current) return { plan: null, quickLinks };
  return {
    plan: {
      title: current.documentTitle ?? current.title,
      term: termLabel(current),
      termStart: current.termStart,
      termEnd: current.termEnd,
      href: publicPlanPaths.plan(current.reference),
      docx: publicPlanPaths.docx(current.reference),
      pdf: publicPlanPaths.pdf(current.reference),
      vision: textBlocks(current.vision),
      summary: current.vision ? [] : textBlocks(current.summary),
      priorityLabel: current.priorityLabel,
      priorities: current.priorities.map((p, i) => ({
        heading: priorityHeading(current.priorityLabel, i + 1),
        title: p.title,
        href: publicPlanPaths.priority(current.reference, p.reference),
      })),
    },
    quickLinks,
  };
}
