import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { startSmtpSink } from '../../../test/fixtures/delivery/smtpSink.js';
import { settableClock } from '../../platform/clock.js';
import { createPlatform } from '../../platform/index.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import type { PlansModule } from '../plans/index.js';
import { createDeliveryModule, REMINDER_INTERVAL_MS } from './index.js';

let t: TestApp;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_FROM: 'openpcc@test.openpcc.test' } });
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

describe('delivery reminders', () => {
  it('sends a reminder due before a restart exactly once, and keeps sending new ones after it', async () => {
    const plans = (t.modules.find((m) => m.name === 'plans') as PlansModule).service;
    const { plan } = await plans.importPlan(SYSTEM_ACTOR, readFileSync('test/fixtures/delivery/test-plan.yaml', 'utf8'));
    const owner = await t.platform.users.create(SYSTEM_ACTOR, {
      email: 'owner@test.openpcc.test',
      name: 'Olive Owner',
      role: 'force-lead',
      password: 'a-long-test-password-1',
      organisation: 'Test Police',
    });
    const tree = (await plans.getTree(plan.id))!;

    // 20 June 2025: ten days before the quarter 1 update is due (30 June).
    const clock = settableClock('2025-06-20T09:00:00Z');
    const first = createPlatform(t.platform.config, t.db, undefined, clock);
    const before = createDeliveryModule(first, { plans });
    const dp = await before.service.createPlan(SYSTEM_ACTOR, { planId: plan.id, startYear: 2025 });
    await before.service.createAction(SYSTEM_ACTOR, dp.id, {
      reference: 'R1',
      title: 'Reminded action',
      priorityId: tree.priorities[0].id,
      ownerId: owner.id,
      startDate: '2025-04-01',
    });

    const start = Date.now();
    await first.jobs.runSchedules(new Date(start));
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0].to).toEqual(['owner@test.openpcc.test']);
    expect(sink.messages[0].data).toMatch(/R1 Reminded action/);

    // A restart: a new process (new mailer, new scheduler) on the same database.
    const second = createPlatform(t.platform.config, t.db, undefined, clock);
    const after = createDeliveryModule(second, { plans });
    await after.service.createAction(SYSTEM_ACTOR, dp.id, {
      reference: 'R2',
      title: 'Added between runs',
      priorityId: tree.priorities[0].id,
      ownerId: owner.id,
    });
    await second.jobs.runSchedules(new Date(start + REMINDER_INTERVAL_MS + 1000));
    await second.jobs.runSchedules(new Date(start + 3 * REMINDER_INTERVAL_MS));

    const subjects = sink.messages.map((m) => m.data.match(/^Subject: (.*)$/m)?.[1] ?? '');
    expect(subjects.filter((s) => s.includes('R1'))).toHaveLength(1);
    expect(subjects.filter((s) => s.includes('R2'))).toHaveLength(1); // the task did run after the restart
    expect(sink.messages).toHaveLength(2);

    // After the due date: one overdue notice, once.
    const later = createDeliveryModule(createPlatform(t.platform.config, t.db, undefined, settableClock('2025-07-03T09:00:00Z')), { plans });
    await later.service.runReminders();
    await later.service.runReminders();
    expect(sink.messages).toHaveLength(4);
    expect(sink.messages.slice(2).every((m) => /Overdue/.test(m.data))).toBe(true);

    // An update for the period stops the messages for it.
    const update = await after.service.postUpdate(
      { id: owner.id, label: owner.email, role: 'force-lead' },
      (await after.service.myActions({ id: owner.id, label: owner.email, role: 'force-lead' }))[0].id,
      { asOf: '2025-09-20', narrative: 'Done', status: 'on-track', progress: 10 },
    );
    expect(update.periodKey).toBe('2025-26-Q2');
    const q2 = createDeliveryModule(createPlatform(t.platform.config, t.db, undefined, settableClock('2025-09-25T09:00:00Z')), {
      plans,
    });
    await q2.service.runReminders();
    expect(sink.messages).toHaveLength(5); // only the action without a Q2 update is reminded
  });
});
