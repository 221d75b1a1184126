import { describe, expect, it } from 'vitest';
import { seedDescription, seedTitle } from '../demo.js';
import { tidyItem } from './blocks.js';

describe('seed items as actions and report lines', () => {
  it('takes the first sentence as a title and keeps the whole item with its figures as the description', () => {
    const item =
      'launched the Property Act Fund to support community projects which contribute to meeting PCC objectives. This has distributed £39,000 to 46 community-led projects;';
    expect(seedTitle(item)).toBe('Launched the Property Act Fund to support community projects which contribute to meeting PCC objectives');
    expect(seedDescription(item)).toBe(
      'Launched the Property Act Fund to support community projects which contribute to meeting PCC objectives. This has distributed £39,000 to 46 community-led projects.',
    );
  });

  it('shortens a very long first sentence at a word', () => {
    const t = seedTitle(`${'word '.repeat(60)}end`);
    expect(t.length).toBeLessThanOrEqual(200);
    expect(t.endsWith('…')).toBe(true);
  });

  it('tidies list items that follow "I have:"', () => {
    expect(tidyItem('increase the number of Special Constables to 200;')).toBe('Increase the number of Special Constables to 200');
    expect(tidyItem('host a summit; and')).toBe('Host a summit');
  });
});
