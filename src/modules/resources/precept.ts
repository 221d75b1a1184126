/**
 * The precept proposal: a change to the band D charge gives the income from the council-tax base
 * (band D equivalent properties). Money in pence.
 */
export interface PreceptScenario {
  label: string;
  /** The change to band D, in pence a year (e.g. 1500 = £15). */
  changePence: number;
  bandDPence: number;
  percentChange: number;
  incomePence: number;
  extraIncomePence: number;
}

export function preceptScenario(taxBase: number, currentBandDPence: number, changePence: number, label?: string): PreceptScenario {
  if (!(taxBase >= 0)) throw new Error('The tax base must be zero or more');
  const bandDPence = currentBandDPence + changePence;
  const income = Math.round(taxBase * bandDPence);
  const current = Math.round(taxBase * currentBandDPence);
  return {
    label: label ?? describeChange(changePence),
    changePence,
    bandDPence,
    percentChange: currentBandDPence === 0 ? 0 : Math.round((changePence / currentBandDPence) * 10000) / 100,
    incomePence: income,
    extraIncomePence: income - current,
  };
}

function describeChange(changePence: number): string {
  if (changePence === 0) return 'No change';
  const pounds = (Math.abs(changePence) / 100).toFixed(2).replace(/\.00$/, '');
  return `${changePence > 0 ? 'Increase' : 'Decrease'} of £${pounds} a year`;
}

/** The usual set of scenarios: freeze, the proposed change, and steps either side. */
export function preceptScenarios(
  taxBase: number,
  currentBandDPence: number,
  proposedChangePence: number,
  stepsPence: number[] = [500, 1000, 1500],
): PreceptScenario[] {
  const changes = new Set<number>([0, ...stepsPence, proposedChangePence]);
  return [...changes]
    .sort((a, b) => a - b)
    .map((c) => {
      const s = preceptScenario(taxBase, currentBandDPence, c);
      return c === proposedChangePence && c !== 0 ? { ...s, label: `${s.label} (proposed)` } : s;
    });
}
