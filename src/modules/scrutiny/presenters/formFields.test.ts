import { describe, expect, it } from 'vitest';
import { renderFields } from './formFields.js';

describe('form fields', () => {
  it('keeps what was typed and selects chosen options', () => {
    const out = renderFields(
      [
        { name: 'title', label: 'Title' },
        {
          name: 'kind',
          label: 'Kind',
          type: 'radios',
          options: [
            { value: 'a', text: 'A' },
            { value: 'b', text: 'B' },
          ],
        },
        { name: 'plan', label: 'Plan', type: 'select', emptyOption: 'None', options: [{ value: 'p1', text: 'P1' }] },
        { name: 'flags', label: 'Flags', type: 'checkboxes', options: [{ value: 'yes', text: 'Yes' }] },
      ],
      { title: '<b>typed</b>', kind: 'b', plan: '', flags: true },
    );
    expect(out[0].value).toBe('<b>typed</b>');
    expect(out[1].items!.map((i) => i.checked)).toEqual([false, true]);
    expect(out[2].items![0]).toEqual({ value: '', text: 'None', selected: true });
    expect(out[3].items![0].checked).toBe(true);
  });
});
