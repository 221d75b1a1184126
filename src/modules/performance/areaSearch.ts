/**
 * From what a resident types (a postcode, or the name of a town, ward or local authority) to the
 * area whose page to show. Pure: the service supplies the force's areas and the postcode's place.
 */
import type { Area } from './deps.js';

export type AreaSearch = { kind: 'area'; code: string } | { kind: 'choices'; text: string; areas: Area[] } | { kind: 'problem'; message: string };

export interface AreaSearchInput {
  text: string;
  forceName: string;
  lads: Area[];
  wards: Area[];
  /** The postcode written the standard way, or undefined when the text is not a full postcode. */
  postcode?: string;
  /** Where the postcode is, or undefined when no imported postcode file has it. */
  place?: { ward: string | null; lad: string | null } | undefined;
  /** Whether any postcode file has been imported. */
  postcodesLoaded: boolean;
}

const simple = (s: string) =>
  s
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\b(ward|borough|council|district|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Looks like a postcode (or the start of one): letters then a digit, nothing else but letters, digits and spaces. */
export function meantAsPostcode(text: string): boolean {
  return /^[A-Za-z]{1,2}\d[A-Za-z0-9 ]*$/.test(text.trim());
}

export function searchArea(input: AreaSearchInput): AreaSearch {
  const text = input.text.trim().replace(/\s+/g, ' ');
  if (!text) return { kind: 'problem', message: 'Enter a postcode, or the name of a town, ward or local authority' };
  if (input.postcode) {
    if (!input.postcodesLoaded)
      return {
        kind: 'problem',
        message: 'Postcodes have not been loaded yet: enter the name of your town, ward or local authority, or choose your area from the list',
      };
    if (!input.place) return { kind: 'problem', message: `We do not know the postcode ${input.postcode}: check it, or enter the name of your town or ward` };
    const ward = input.wards.find((w) => w.code === input.place!.ward);
    if (ward) return { kind: 'area', code: ward.code };
    const lad = input.lads.find((l) => l.code === input.place!.lad);
    if (lad) return { kind: 'area', code: lad.code };
    return { kind: 'problem', message: `${input.postcode} is outside the ${input.forceName} area, so this site has no figures for it` };
  }
  if (meantAsPostcode(text) && /\d/.test(text)) {
    return { kind: 'problem', message: 'Enter a full postcode, like TS1 1AA, or the name of a town, ward or local authority' };
  }
  const wanted = simple(text);
  if (wanted.length < 2) return { kind: 'problem', message: 'Enter at least two letters of the name of a town, ward or local authority' };
  const all = [...input.lads, ...input.wards];
  const exact = all.filter((a) => simple(a.name) === wanted);
  if (exact.length === 1) return { kind: 'area', code: exact[0].code };
  // Names that contain every word typed, at the start of a word ("billingham" → "Billingham East").
  const words = wanted.split(' ');
  const partial = exact.length > 1 ? exact : all.filter((a) => words.every((w) => ` ${simple(a.name)}`.includes(` ${w}`)));
  if (partial.length === 1) return { kind: 'area', code: partial[0].code };
  if (partial.length > 1) return { kind: 'choices', text, areas: partial };
  return {
    kind: 'problem',
    message: `No town, ward or local authority in the ${input.forceName} area is called “${text}”: check the spelling, or enter a postcode`,
  };
}
