import type { AppModule } from '../../src/platform/context.js';
import type { Actor } from '../../src/platform/roles.js';
import type { ScrutinyModule } from '../../src/modules/scrutiny/index.js';

const panelMember: Actor = { id: null, label: 'panel@test', role: 'panel-member' };
const commissioner: Actor = { id: null, label: 'pcc@test', role: 'commissioner' };

/**
 * Records the Panel's report on a draft plan and the commissioner's response to it: what
 * publishing a plan needs (PRSRA 2011 s.28(3)). Through the scrutiny service, as the people do.
 */
export async function answerPanelReport(modules: AppModule[], planId: string, reference = `report-${planId.slice(0, 8)}`) {
  const scrutiny = (modules.find((m) => m.name === 'scrutiny') as ScrutinyModule).service;
  const report = await scrutiny.createReport(panelMember, {
    reference,
    title: `The Panel’s report on the draft (${reference})`,
    reportDate: '2026-01-15',
    meetingId: null,
    resolution: 'Supported the draft',
    body: null,
    planId,
    answeredByPlanId: null,
    published: true,
  });
  await scrutiny.respondToReport(commissioner, report.id, 'I have had regard to the Panel’s report and made the changes it asked for.');
  return report;
}
