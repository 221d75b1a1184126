import type { OpenDataset } from '../../../platform/context.js';
import type { PlanWording, PublicPlan } from '../deps.js';

export const OGL_V3 = {
  name: 'Open Government Licence v3.0',
  href: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
};

/** The attribution statement reusers must give, in the policing body's name. */
export function attributionStatement(bodyName: string, year: number) {
  return `Contains public sector information from ${bodyName} licensed under the Open Government Licence v3.0. © ${bodyName} ${year}.`;
}

/**
 * The open-data catalogue: every module's published datasets (from their manifests) in the
 * order of the registry, without duplicates, plus one download row per public plan.
 */
export function openDataPresenter(datasets: OpenDataset[], plans: PublicPlan[], bodyName: string, year: number, words: PlanWording) {
  const { isPublic, termLabel, statusTag, publicPlanPaths } = words;
  const seen = new Set<string>();
  const unique = datasets.filter((d) => {
    const key = `${d.title}|${d.formats.map((f) => f.href).join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    datasets: unique.map((d, i) => ({
      id: `dataset-${i + 1}`,
      title: d.title,
      description: d.description,
      formats: d.formats.filter((f) => f.href).map((f) => ({ label: f.label, href: f.href, text: `${d.title} (${f.label})` })),
    })),
    plans: plans
      .filter((p) => isPublic(p.status))
      .map((p) => ({
        title: p.documentTitle ?? p.title,
        term: termLabel(p),
        status: statusTag(p.status),
        href: publicPlanPaths.plan(p.reference),
        downloads: [
          { label: 'Word', href: publicPlanPaths.docx(p.reference), text: `${p.documentTitle ?? p.title} as a Word document` },
          { label: 'PDF', href: publicPlanPaths.pdf(p.reference), text: `${p.documentTitle ?? p.title} as a PDF` },
          { label: 'JSON', href: publicPlanPaths.json(p.reference), text: `${p.documentTitle ?? p.title} as JSON` },
        ],
      })),
    licence: OGL_V3,
    attribution: attributionStatement(bodyName, year),
  };
}

/** The catalogue as JSON for software, with absolute links (a relative link is made absolute). */
export function catalogueJson(page: ReturnType<typeof openDataPresenter>, baseUrl: string, publisher: string) {
  const abs = (href: string) => (/^https?:\/\//.test(href) ? href : `${baseUrl.replace(/\/$/, '')}${href}`);
  return {
    publisher,
    licence: { name: page.licence.name, url: page.licence.href },
    attribution: page.attribution,
    datasets: [
      ...page.datasets.map((d) => ({
        title: d.title,
        description: d.description,
        distributions: d.formats.map((f) => ({ format: f.label, url: abs(f.href) })),
      })),
      ...page.plans.map((p) => ({
        title: `${p.title} (${p.term})`,
        description: `The plan, ${p.status.text.toLowerCase()}.`,
        distributions: [{ format: 'HTML', url: abs(p.href) }, ...p.downloads.map((d) => ({ format: d.label, url: abs(d.href) }))],
      })),
    ],
  };
}
