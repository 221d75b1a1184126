/**
 * Text for the PDF standard fonts (WinAnsi): characters they cannot show are replaced, never
 * dropped silently.
 */
export function pdfText(s: string): string {
  return s
    .replace(/[Σ]/g, 'Sum')
    .replace(/[×]/g, 'x')
    .replace(/[÷]/g, '/')
    .replace(/[→]/g, '->')
    .replace(/[^\x20-\x7E\u00A0-\u00FF\u2013\u2014\u2018\u2019\u201C\u201D\u2022\u2026\u20AC\n]/g, '?');
}
