import { allQuestions, optionsOf, PREFER_NOT_TO_SAY, type Answers, type SurveyDefinition } from './surveyDefinition.js';

/**
 * Deterministic synthetic data: the same seed gives the same responses. Used for the demo
 * (labelled synthetic), the tests of coding suggestions and the benchmarks. Never real people.
 */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick<T>(list: readonly T[]): T {
      return list[Math.floor(next() * list.length)];
    },
    shuffle<T>(list: readonly T[]): T[] {
      const out = [...list];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}
export type Rng = ReturnType<typeof rng>;

/** Themes people raise, each with phrases typical of it (for generated free text). */
export const SYNTHETIC_THEMES: Record<string, string[]> = {
  'Visible policing': [
    'I never see officers on foot in my street',
    'more police patrols in the town centre',
    'bring back the local bobby on the beat',
    'a visible police presence in the evenings',
    'police should walk around the estate and get to know residents',
    'patrol cars only come when something has already happened',
  ],
  'Antisocial behaviour': [
    'youths gathering outside the shops and being abusive',
    'noise and nuisance neighbours every night',
    'off-road motorbikes tearing up the park',
    'fireworks and shouting late at night',
    'groups intimidating older people at the bus stop',
    'vandalism of the play area and the bus shelter',
  ],
  Drugs: [
    'drug dealing openly on the corner',
    'needles left in the alley behind the houses',
    'cannabis smell and dealers in cars outside the school',
    'county lines gangs using young people to sell drugs',
    'the drug problem makes people afraid to go out',
  ],
  'Road safety': [
    'speeding cars on the main road near the school',
    'dangerous driving and racing at night',
    'people parking on pavements and using phones while driving',
    'uninsured drivers and nobody stops them',
    'speed cameras are needed on the estate road',
  ],
  'Women and girls': [
    'women do not feel safe walking home after dark',
    'better street lighting so girls feel safer',
    'tackle harassment of women in the night-time economy',
    'domestic abuse victims need to be believed',
    'stalking should be taken seriously by the police',
  ],
  'Victim support': [
    'nobody kept me informed after I reported the burglary',
    'victims need more support through the court process',
    'I was never told what happened to my case',
    'support services for victims should be easier to reach',
    'call handlers took a long time to answer the 101 number',
  ],
};

const FILLERS = ['Honestly,', 'In my view', 'Please', 'The main thing is', 'It would help if', 'We need', ''];

/** A free-text answer about one or two themes, with the themes it is about. */
export function syntheticText(r: Rng): { text: string; themes: string[] } {
  const names = Object.keys(SYNTHETIC_THEMES);
  const first = r.pick(names);
  const themes = [first];
  if (r.next() < 0.25) {
    const second = r.pick(names.filter((n) => n !== first));
    themes.push(second);
  }
  const parts = themes.map((t) => {
    const filler = r.pick(FILLERS);
    const phrase = r.pick(SYNTHETIC_THEMES[t]);
    return `${filler ? `${filler} ` : ''}${filler ? phrase : phrase.charAt(0).toUpperCase() + phrase.slice(1)}.`;
  });
  return { text: parts.join(' '), themes };
}

/**
 * Valid answers to any survey: a seeded walk through its questions, honouring skip conditions.
 * `areas` are the codes an area question may take. `textThemes` collects the true themes of each
 * free-text answer (so tests can check coding suggestions against them).
 */
export function syntheticAnswers(def: SurveyDefinition, r: Rng, areas: string[]): { answers: Answers; textThemes: Record<string, string[]> } {
  const answers: Answers = {};
  const textThemes: Record<string, string[]> = {};
  for (const q of allQuestions(def)) {
    if (q.showIf) {
      const a = answers[q.showIf.questionId];
      const shown = Array.isArray(a) ? a.includes(q.showIf.equals) : a === q.showIf.equals;
      if (!shown) continue;
    }
    if (!q.required && r.next() < 0.12) continue;
    const opts = optionsOf(q);
    switch (q.type) {
      case 'single':
      case 'likert': {
        // Skewed towards the first options, with "prefer not to say" now and then.
        const pns = opts.find((o) => o.value === PREFER_NOT_TO_SAY);
        const rest = opts.filter((o) => o !== pns);
        if (pns && r.next() < 0.06) answers[q.id] = pns.value;
        else answers[q.id] = rest[Math.min(rest.length - 1, Math.floor(r.next() * r.next() * rest.length * 1.6))].value;
        break;
      }
      case 'multiple':
        answers[q.id] = r
          .shuffle(opts)
          .slice(0, 1 + r.int(Math.min(3, opts.length)))
          .map((o) => o.value);
        break;
      case 'rank': {
        const need = Math.min(q.rankCount ?? opts.length, opts.length);
        // Earlier options a little more likely to be ranked high.
        const order = [...opts].sort((a, b) => opts.indexOf(a) - opts.indexOf(b) + (r.next() - 0.5) * opts.length * 1.2);
        const ranks: Record<string, number> = {};
        order.slice(0, need).forEach((o, i) => (ranks[o.value] = i + 1));
        answers[q.id] = ranks;
        break;
      }
      case 'text': {
        const t = syntheticText(r);
        answers[q.id] = t.text;
        textThemes[q.id] = t.themes;
        break;
      }
      case 'number': {
        const lo = q.min ?? 0;
        const hi = q.max ?? lo + 100;
        answers[q.id] = lo + r.int(hi - lo + 1);
        break;
      }
      case 'area':
        if (q.areaLevel === 'postcode') answers[q.id] = `TS${1 + r.int(29)}`;
        else if (areas.length) answers[q.id] = r.pick(areas);
        break;
    }
  }
  return { answers, textThemes };
}
