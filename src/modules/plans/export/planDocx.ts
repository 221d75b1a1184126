import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { STATUS_LABELS, isPublic } from '../lifecycle.js';
import type { PlanTree } from '../plansRepository.js';
import { forcePriorityRows, performanceRows, priorityHeading } from '../presenters/publicPlans.js';
import { termLabel } from '../presenters/planList.js';
import { textBlocks } from '../presenters/publicText.js';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface PlanDocxContext {
  /** The policing body's name (from settings), on the title page. */
  bodyName: string;
  /** The area's name, e.g. "Cleveland". */
  areaName: string;
  /** When the document was made (shown on drafts). */
  generatedAt?: Date;
}

const NUMBERED = 'plan-numbered';

/** A safe file name for the plan's download. */
export function docxFileName(reference: string) {
  return `${reference.replace(/[^\w.-]+/g, '-') || 'plan'}.docx`;
}

function blocksToParagraphs(text: string | null | undefined, numbering: { next: () => number }): Paragraph[] {
  const out: Paragraph[] = [];
  for (const b of textBlocks(text)) {
    if (b.type === 'paragraph') out.push(new Paragraph({ text: b.text, spacing: { after: 120 } }));
    else if (b.type === 'bullets') for (const i of b.items) out.push(new Paragraph({ text: i, bullet: { level: 0 } }));
    else {
      const instance = numbering.next();
      for (const i of b.items) out.push(new Paragraph({ text: i, numbering: { reference: NUMBERED, level: 0, instance } }));
    }
  }
  return out;
}

function cell(lines: string | string[], header = false) {
  const list = (Array.isArray(lines) ? lines : [lines]).filter((l) => l !== '');
  return new TableCell({
    children: (list.length ? list : ['']).map((l) => new Paragraph({ children: [new TextRun({ text: l, bold: header })] })),
  });
}

function table(head: string[], rows: (string | string[])[][]) {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
    ],
  });
}

const h = (text: string, heading: (typeof HeadingLevel)[keyof typeof HeadingLevel]) => new Paragraph({ text, heading });

/**
 * The plan as a Word document: title page with the policing body's name, vision, mission,
 * values, outcomes, the numbered priorities with narrative and commitments, the force
 * priorities table, the measures table and the plan's sections.
 */
export function buildPlanDocument(tree: PlanTree, ctx: PlanDocxContext): Document {
  let instances = 0;
  const numbering = { next: () => ++instances };
  const label = tree.priorityLabel;
  const children: (Paragraph | Table)[] = [];

  // Title page
  children.push(
    new Paragraph({ children: [new TextRun({ text: ctx.bodyName, size: 32, bold: true })], spacing: { before: 2400, after: 600 } }),
    new Paragraph({ text: tree.title, heading: HeadingLevel.TITLE }),
    new Paragraph({ children: [new TextRun({ text: `${ctx.areaName} · ${termLabel(tree)}`, size: 28 })], spacing: { after: 240 } }),
    new Paragraph({
      children: [new TextRun({ text: `Status: ${STATUS_LABELS[tree.status]}. Version ${tree.version}. Reference ${tree.reference}.`, size: 24 })],
    }),
  );
  if (!isPublic(tree.status)) {
    children.push(
      new Paragraph({
        children: [
          new TextRun({
            text: `DRAFT — not published. This is a working copy exported${ctx.generatedAt ? ` on ${ctx.generatedAt.toISOString().slice(0, 10)}` : ''}; it may change before it is published.`,
            bold: true,
            size: 24,
          }),
        ],
        spacing: { before: 240 },
      }),
    );
  }
  children.push(new Paragraph({ children: [new PageBreak()] }));

  if (tree.summary) children.push(...blocksToParagraphs(tree.summary, numbering));
  if (tree.vision) children.push(h('Vision', HeadingLevel.HEADING_1), ...blocksToParagraphs(tree.vision, numbering));
  if (tree.mission) children.push(h('Mission', HeadingLevel.HEADING_1), ...blocksToParagraphs(tree.mission, numbering));
  if (tree.values.length) {
    children.push(h('Values', HeadingLevel.HEADING_1), ...tree.values.map((v) => new Paragraph({ text: v, bullet: { level: 0 } })));
  }
  if (tree.outcomes.length) {
    const instance = numbering.next();
    children.push(h('Outcomes', HeadingLevel.HEADING_1));
    for (const o of tree.outcomes) {
      children.push(new Paragraph({ text: o.title, numbering: { reference: NUMBERED, level: 0, instance } }));
      if (o.description) children.push(...blocksToParagraphs(o.description, numbering));
    }
  }

  children.push(h(`${label}s`, HeadingLevel.HEADING_1));
  if (!tree.priorities.length) children.push(new Paragraph({ text: `This plan has no ${label.toLowerCase()}s.` }));
  const outcomeTitles = new Map(tree.outcomes.map((o, i) => [o.id, `Outcome ${i + 1}: ${o.title}`]));
  tree.priorities.forEach((p, i) => {
    children.push(h(`${priorityHeading(label, i + 1)}: ${p.title}`, HeadingLevel.HEADING_2));
    children.push(...blocksToParagraphs(p.narrative, numbering));
    const served = p.outcomeIds.map((id) => outcomeTitles.get(id)).filter((t): t is string => Boolean(t));
    if (served.length) {
      children.push(h('Outcomes this serves', HeadingLevel.HEADING_3), ...served.map((t) => new Paragraph({ text: t, bullet: { level: 0 } })));
    }
    if (p.commitments.length) {
      const instance = numbering.next();
      children.push(h('Commitments', HeadingLevel.HEADING_3));
      for (const c of p.commitments) {
        children.push(new Paragraph({ text: c.title, numbering: { reference: NUMBERED, level: 0, instance } }));
        if (c.description) children.push(...blocksToParagraphs(c.description, numbering));
      }
    }
    if (p.achievements.length) {
      children.push(h('In the past year', HeadingLevel.HEADING_3), ...p.achievements.map((a) => new Paragraph({ text: a, bullet: { level: 0 } })));
    }
    if (p.plannedActions.length) {
      children.push(h('In the coming year', HeadingLevel.HEADING_3), ...p.plannedActions.map((a) => new Paragraph({ text: a, bullet: { level: 0 } })));
    }
  });

  const force = forcePriorityRows(tree);
  if (force.length) {
    children.push(
      h('Force priorities', HeadingLevel.HEADING_1),
      new Paragraph({ text: `The force’s priorities and areas of focus under each ${label.toLowerCase()}, with the lead for each.` }),
      table(
        [label, 'Force priority', 'Areas of focus', 'Lead'],
        force.map((r) => [r.priority, r.forcePriority, r.areasOfFocus, r.lead]),
      ),
    );
  }
  const perf = performanceRows(tree);
  if (perf.length) {
    children.push(
      h('Performance', HeadingLevel.HEADING_1),
      new Paragraph({ text: `How performance against each ${label.toLowerCase()} will be measured.` }),
      table(
        [label, 'Measure', 'Intended outcome'],
        perf.map((r) => [r.priority, r.measure, r.outcome]),
      ),
    );
  }
  for (const s of tree.sections) {
    children.push(h(s.title, HeadingLevel.HEADING_1), ...blocksToParagraphs(s.body, numbering));
  }

  return new Document({
    creator: ctx.bodyName,
    title: tree.title,
    description: `${tree.title} (${termLabel(tree)}), ${STATUS_LABELS[tree.status].toLowerCase()}`,
    numbering: {
      config: [
        {
          reference: NUMBERED,
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: '%1.',
              alignment: AlignmentType.START,
              style: { paragraph: { indent: { left: 720, hanging: 360 } } },
            },
          ],
        },
      ],
    },
    sections: [
      {
        footers: {
          default: new Footer({
            children: [
              new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [`${tree.title} · page `, PageNumber.CURRENT] })] }),
            ],
          }),
        },
        children,
      },
    ],
  });
}

export async function planDocxBuffer(tree: PlanTree, ctx: PlanDocxContext): Promise<Buffer> {
  return Packer.toBuffer(buildPlanDocument(tree, ctx));
}
