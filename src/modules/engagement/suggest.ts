/**
 * Suggested codes for free-text answers, learnt from the answers analysts have already coded:
 * a naive Bayes text classifier (wink-naive-bayes-text-classifier, with its tokeniser, stop
 * words, negation and stemming). An answer with several codes teaches each of them.
 */
export interface CodedExample {
  text: string;
  codes: string[];
}

export interface Suggestion {
  code: string;
  /** Log-odds of the code against the others; higher is more likely. */
  score: number;
}

export interface Suggester {
  suggest(text: string, max?: number): Suggestion[];
  labels: string[];
}

/**
 * The classifier and its English language model, loaded on first use: reading the model takes
 * about a fifth of a second, which a start (or any page but coding answers) should not pay.
 */
let wink: Promise<{ createClassifier: typeof import('wink-naive-bayes-text-classifier').default; prepText: (text: string) => string[] }> | undefined;
function loadWink() {
  wink ??= Promise.all([import('wink-naive-bayes-text-classifier'), import('wink-naive-bayes-text-classifier/src/prep-text.js')]).then(([c, p]) => ({
    createClassifier: c.default,
    prepText: p.default,
  }));
  return wink;
}

/** Null until at least two different codes have been used (nothing to tell apart before). */
export async function trainSuggester(examples: CodedExample[]): Promise<Suggester | null> {
  const { createClassifier, prepText } = await loadWink();
  const labels = [...new Set(examples.flatMap((e) => e.codes))].sort();
  if (labels.length < 2) return null;
  const nb = createClassifier();
  nb.defineConfig({ considerOnlyPresence: true, smoothingFactor: 0.5 });
  nb.definePrepTasks([prepText]);
  let learnt = 0;
  for (const e of examples) {
    if (!prepText(e.text).length) continue;
    for (const c of e.codes) {
      nb.learn(e.text, c);
      learnt++;
    }
  }
  if (!learnt) return null;
  try {
    nb.consolidate();
  } catch {
    return null; // fewer than two codes with usable text
  }
  return {
    labels,
    suggest(text, max = 3) {
      if (!prepText(text).length) return [];
      const odds = nb.computeOdds(text).filter(([label]) => label !== 'unknown');
      // Keep the best and any close to it (several codes can apply).
      const best = odds[0]?.[1] ?? 0;
      return odds
        .filter(([, s], i) => i === 0 || s >= best - 2)
        .slice(0, max)
        .map(([code, score]) => ({ code, score }));
    },
  };
}

/**
 * Measures the suggester on held-back coded answers: a hit is when the top suggestion is one of
 * the answer's codes. Compared with always suggesting the most common code (the majority
 * baseline) and with a random code (expected 1 / number of codes, weighted by coverage).
 */
export async function evaluateSuggester(train: CodedExample[], test: CodedExample[]) {
  const s = await trainSuggester(train);
  const counts = new Map<string, number>();
  for (const e of train) for (const c of e.codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  const majority = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  const labels = [...counts.keys()];
  let hits = 0;
  let majorityHits = 0;
  let randomExpected = 0;
  for (const e of test) {
    const top = s?.suggest(e.text, 1)[0]?.code;
    if (top && e.codes.includes(top)) hits++;
    if (majority && e.codes.includes(majority)) majorityHits++;
    randomExpected += labels.length ? e.codes.filter((c) => labels.includes(c)).length / labels.length : 0;
  }
  const n = test.length || 1;
  return { accuracy: hits / n, majorityBaseline: majorityHits / n, randomBaseline: randomExpected / n, tested: test.length };
}
