/** Field descriptions for the shared form template (views/admin/_fields.njk). */
export type FieldSpec =
  | { name: string; label: string; type?: 'text' | 'textarea' | 'date' | 'file'; hint?: string; rows?: number; classes?: string }
  | { name: string; label: string; type: 'select' | 'radios' | 'checkboxes'; hint?: string; options: { value: string; text: string }[]; emptyOption?: string };

export interface RenderedField {
  name: string;
  label: string;
  type: string;
  hint?: string;
  rows?: number;
  classes?: string;
  value?: string;
  items?: { value: string; text: string; selected?: boolean; checked?: boolean }[];
}

function asString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'boolean') return v ? 'yes' : '';
  return String(v);
}

function asList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(asString);
  if (typeof v === 'boolean') return v ? ['yes'] : [];
  return v === undefined || v === null || v === '' ? [] : [asString(v)];
}

/** Fills each field with what was typed (or the stored value), selecting chosen options. */
export function renderFields(specs: FieldSpec[], values: Record<string, unknown>): RenderedField[] {
  return specs.map((s) => {
    const value = values[s.name];
    if (s.type === 'select' || s.type === 'radios' || s.type === 'checkboxes') {
      const chosen = asList(value);
      const items = s.options.map((o) => ({
        value: o.value,
        text: o.text,
        ...(s.type === 'select' ? { selected: chosen.includes(o.value) } : { checked: chosen.includes(o.value) }),
      }));
      if (s.type === 'select' && s.emptyOption !== undefined) items.unshift({ value: '', text: s.emptyOption, selected: chosen.length === 0 });
      return { name: s.name, label: s.label, type: s.type, hint: s.hint, items };
    }
    // Cast: the text-like specs (text, textarea, date, file) read as one shape; only these three may be absent.
    const t = s as { type?: string; rows?: number; classes?: string };
    return { name: s.name, label: s.label, type: t.type ?? 'text', hint: s.hint, rows: t.rows, classes: t.classes, value: asString(value) };
  });
}
