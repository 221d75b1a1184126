/** police.uk crime categories: slug → display name (as on data.police.uk). */
export const CATEGORIES: { slug: string; name: string }[] = [
  { slug: 'anti-social-behaviour', name: 'Anti-social behaviour' },
  { slug: 'bicycle-theft', name: 'Bicycle theft' },
  { slug: 'burglary', name: 'Burglary' },
  { slug: 'criminal-damage-arson', name: 'Criminal damage and arson' },
  { slug: 'drugs', name: 'Drugs' },
  { slug: 'other-theft', name: 'Other theft' },
  { slug: 'possession-of-weapons', name: 'Possession of weapons' },
  { slug: 'public-order', name: 'Public order' },
  { slug: 'robbery', name: 'Robbery' },
  { slug: 'shoplifting', name: 'Shoplifting' },
  { slug: 'theft-from-the-person', name: 'Theft from the person' },
  { slug: 'vehicle-crime', name: 'Vehicle crime' },
  { slug: 'violent-crime', name: 'Violence and sexual offences' },
  { slug: 'other-crime', name: 'Other crime' },
];

/**
 * Names used in older police.uk files → today's slug. "Public disorder and weapons" was split in
 * May 2013 into public order and possession of weapons; its rows count as public order.
 */
export const OLD_CATEGORY_NAMES: Record<string, string> = {
  'public disorder and weapons': 'public-order',
  'violent crime': 'violent-crime',
  'violence and sexual offences': 'violent-crime',
  'criminal damage & arson': 'criminal-damage-arson',
  'other crime': 'other-crime',
  'anti social behaviour': 'anti-social-behaviour',
  'antisocial behaviour': 'anti-social-behaviour',
};

/** Every name (lower case) that maps to a slug: current names, old names, and the slugs themselves. */
export function categoryAliases(): [string, string][] {
  const m = new Map<string, string>();
  for (const c of CATEGORIES) {
    m.set(c.name.toLowerCase(), c.slug);
    m.set(c.slug, c.slug);
  }
  for (const [k, v] of Object.entries(OLD_CATEGORY_NAMES)) m.set(k, v);
  return [...m];
}

/** Older outcome wordings → the current police.uk wording. */
export const OLD_OUTCOME_NAMES: Record<string, string> = {
  'awaiting court result': 'Awaiting court outcome',
  'investigation complete - no suspect identified': 'Investigation complete; no suspect identified',
  'investigation complete; no suspect identified.': 'Investigation complete; no suspect identified',
};

export const categoryName = (slug: string) => CATEGORIES.find((c) => c.slug === slug)?.name ?? slug;
