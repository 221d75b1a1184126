/**
 * Plan text (narratives, section bodies) is plain text with blank lines between paragraphs and
 * simple lists ("- item", "* item", "1. item"). This splits it into blocks that a template or the
 * Word export renders as paragraphs and lists. The text stays text: templates escape it.
 */
export type TextBlock = { type: 'paragraph'; text: string } | { type: 'bullets'; items: string[] } | { type: 'numbered'; items: string[] };

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,3}[.)]\s+(.*)$/;

export function textBlocks(text: string | null | undefined): TextBlock[] {
  const blocks: TextBlock[] = [];
  let para: string[] = [];
  let list: { type: 'bullets' | 'numbered'; items: string[] } | null = null;
  const flushPara = () => {
    if (para.length) blocks.push({ type: 'paragraph', text: para.join(' ') });
    para = [];
  };
  const flushList = () => {
    if (list && list.items.length) blocks.push(list);
    list = null;
  };
  for (const raw of String(text ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n')) {
    const line = raw.trim();
    if (!line) {
      flushPara();
      flushList();
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const kind = bullet ? 'bullets' : numbered ? 'numbered' : null;
    if (kind) {
      flushPara();
      if (!list || list.type !== kind) {
        flushList();
        list = { type: kind, items: [] };
      }
      list.items.push((bullet ?? numbered)![1].trim());
    } else if (list && /^\s{2,}/.test(raw)) {
      // An indented line continues the last list item.
      list.items[list.items.length - 1] += ` ${line}`;
    } else {
      flushList();
      para.push(line);
    }
  }
  flushPara();
  flushList();
  return blocks;
}

/** The first paragraph of a text, for summaries (whole words, at most `max` characters). */
export function firstParagraph(text: string | null | undefined, max = 280): string {
  const first = textBlocks(text).find((b) => b.type === 'paragraph');
  if (!first || first.type !== 'paragraph') return '';
  if (first.text.length <= max) return first.text;
  const cut = first.text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1)).replace(/[\s,;:.–-]+$/, '')}…`;
}
