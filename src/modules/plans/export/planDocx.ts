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
import { STATUS_LABELS } from '../lifecycle.js';
import type { PlanTree } from '../plansRepository.js';
import { termLabel } from '../presenters/planList.js';
import type { TextBlock } from '../presenters/publicText.js';
import { planDocumentBlocks, type DocBlock, type PlanDocumentContext } from './planBlocks.js';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export type PlanDocxContext = PlanDocumentContext;

const NUMBERED = 'plan-numbered';

/** A safe file name for the plan's download. */
export function docxFileName(reference: string) {
  return `${reference.replace(/[^\w.-]+/g, '-') || 'plan'}.docx`;
}

function blocksToParagraphs(blocks: TextBlock[], numbering: { next: () => number }): Paragraph[] {
  const out: Paragraph[] = [];
  for (const b of blocks) {
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

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

/**
 * The plan as a Word document (the blocks of planBlocks.ts): title page with the policing body's
 * name and the version's facts, vision, mission, values, outcomes, the numbered priorities with
 * narrative and commitments, the force priorities table, the measures table and the sections.
 */
export function buildPlanDocument(tree: PlanTree, ctx: PlanDocxContext): Document {
  let instances = 0;
  const numbering = { next: () => ++instances };
  const { title, blocks } = planDocumentBlocks(tree, ctx);
  const children: (Paragraph | Table)[] = [];
  let first = true;
  const render = (b: DocBlock) => {
    switch (b.type) {
      case 'title':
        children.push(new Paragraph({ text: b.text, heading: HeadingLevel.TITLE }));
        break;
      case 'line':
        children.push(
          new Paragraph({
            children: [new TextRun({ text: b.text, bold: b.strong, size: first ? 32 : 24 })],
            spacing: first ? { before: 2400, after: 600 } : { after: 120 },
          }),
        );
        first = false;
        break;
      case 'pageBreak':
        children.push(new Paragraph({ children: [new PageBreak()] }));
        break;
      case 'heading':
        children.push(h(b.text, HEADINGS[b.level]));
        break;
      case 'text':
        children.push(...blocksToParagraphs(b.blocks, numbering));
        break;
      case 'bullets':
        children.push(...b.items.map((i) => new Paragraph({ text: i, bullet: { level: 0 } })));
        break;
      case 'numbered': {
        const instance = numbering.next();
        for (const i of b.items) {
          children.push(new Paragraph({ text: i.text, numbering: { reference: NUMBERED, level: 0, instance } }));
          children.push(...blocksToParagraphs(i.detail, numbering));
        }
        break;
      }
      case 'table':
        children.push(new Paragraph({ text: b.caption }), table(b.head, b.rows));
        break;
    }
  };
  blocks.forEach(render);

  return new Document({
    creator: ctx.bodyName,
    title,
    description: `${title} (${termLabel(tree)}), ${STATUS_LABELS[tree.status].toLowerCase()}`,
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
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [`${title} · page `, PageNumber.CURRENT] })] })],
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
