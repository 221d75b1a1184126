import type { DeliveryService } from '../deliveryService.js';
import { RAG_LABELS, type Rag } from '../statuses.js';

/** A document as a list of blocks, rendered to Word and PDF by the same code. */
export type Block =
  | { type: 'title'; text: string }
  | { type: 'heading'; level: 1 | 2; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'bullets'; items: string[] }
  | { type: 'table'; caption: string; head: string[]; rows: string[][] };

export interface ReportDocument {
  title: string;
  subtitle: string;
  blocks: Block[];
}

type Annual = Awaited<ReturnType<DeliveryService['annualReport']>>;
type Quarterly = Awaited<ReturnType<DeliveryService['quarterlySummary']>>;

const paras = (text: string): Block[] =>
  text
    .split(/\n\s*\n/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => ({ type: 'paragraph', text: t }));

/** Seed items start in lower case and end with ";" (they follow "I have:"): tidy them for a list. */
export function tidyItem(text: string): string {
  const t = text
    .trim()
    .replace(/[;,]\s*(and)?$/i, '')
    .trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

export function annualReportDocument(r: Annual): ReportDocument {
  const blocks: Block[] = [{ type: 'title', text: r.title }];
  blocks.push({ type: 'paragraph', text: `${r.area.bodyName}. ${r.plan.title}: what was done in ${r.pastLabel} and what will be done in ${r.nextLabel}.` });
  if (r.introduction) {
    blocks.push({ type: 'heading', level: 1, text: r.introductionHeading });
    blocks.push(...paras(r.introduction));
  }
  for (const p of r.priorities) {
    blocks.push({ type: 'heading', level: 1, text: p.title });
    blocks.push({ type: 'heading', level: 2, text: r.haveHeading });
    blocks.push(
      p.have.length ? { type: 'bullets', items: p.have.map(tidyItem) } : { type: 'paragraph', text: 'No completed actions were recorded for this year.' },
    );
    blocks.push({ type: 'heading', level: 2, text: r.willHeading });
    blocks.push(p.will.length ? { type: 'bullets', items: p.will.map(tidyItem) } : { type: 'paragraph', text: 'No actions are planned yet.' });
  }
  return { title: r.title, subtitle: r.area.bodyName, blocks };
}

const pct = (v: number | null) => (v === null ? 'no actions' : `${v}%`);

export function quarterlySummaryDocument(q: Quarterly): ReportDocument {
  const title = `Quarterly executive summary: ${q.deliveryPlan.title}, ${q.period.label}`;
  const blocks: Block[] = [{ type: 'title', text: title }];
  blocks.push({ type: 'paragraph', text: `Overall progress ${pct(q.rollup.value)} across ${q.rollup.count} actions.` });
  if (q.overallCommentary) blocks.push(...paras(q.overallCommentary));
  const rags: Rag[] = ['red', 'amber', 'green', 'blue', 'grey'];
  blocks.push({
    type: 'table',
    caption: 'RAG status of actions by priority',
    head: ['Priority', ...rags.map((r) => RAG_LABELS[r]), 'Progress'],
    rows: q.priorities.map((p) => [p.title, ...rags.map((r) => String(p.ragCounts[r])), pct(p.rollup.value)]),
  });
  for (const p of q.priorities) {
    blocks.push({ type: 'heading', level: 1, text: p.title });
    blocks.push({ type: 'paragraph', text: `Progress ${pct(p.rollup.value)}. ${p.rollup.working}` });
    if (p.commentary) blocks.push(...paras(p.commentary));
    blocks.push({ type: 'heading', level: 2, text: 'Highlights' });
    blocks.push(
      p.highlights.length
        ? { type: 'bullets', items: p.highlights.map((h) => `${h.action.reference} ${h.action.title}: ${h.update.narrative}`) }
        : { type: 'paragraph', text: 'No approved updates this quarter.' },
    );
    blocks.push({ type: 'heading', level: 2, text: 'Exceptions' });
    blocks.push(
      p.exceptions.length
        ? { type: 'bullets', items: p.exceptions.map((e) => `${e.action.reference} ${e.action.title} (${e.reason})`) }
        : { type: 'paragraph', text: 'None: no action is off track or overdue.' },
    );
  }
  return { title, subtitle: q.area.bodyName, blocks };
}
