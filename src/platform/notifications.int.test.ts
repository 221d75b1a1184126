import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { startSmtpSink } from '../../test/fixtures/delivery/smtpSink.js';
import { createPlatform } from './index.js';
import { createMailer } from './mailer.js';
import { createNotifications } from './notifications.js';
import { SYSTEM_ACTOR, type Actor } from './roles.js';
import { notifications, outbox } from './schema.js';

let t: TestApp;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const smtp = () => ({ SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_FROM: 'openpcc@test.openpcc.test' });

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({ env: smtp() });
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

const actorOf = (u: { id: string; name: string; role: string }): Actor => ({ id: u.id, label: u.name, role: u.role as Actor['role'] });
const person = (email: string, role: 'editor' | 'force-lead' | 'commissioner') =>
  t.platform.users.create(SYSTEM_ACTOR, { email, name: email.split('@')[0], role, password: 'a-long-test-password-1' });
const mailsTo = (email: string) => sink.messages.filter((m) => m.to.includes(email));
const settle = () => new Promise((r) => setTimeout(r, 400));
/** Waits (up to a minute) for mail sent after a commit: on a busy machine it can take more than a moment. */
const until = async (done: () => boolean) => {
  for (const end = Date.now() + 60_000; !done() && Date.now() < end;) await new Promise((r) => setTimeout(r, 100));
};

describe('notifications API', () => {
  it('records one notification per recipient in the caller’s transaction, and e-mails it once it commits', async () => {
    const ed = await person('ed1@test.openpcc.test', 'editor');
    const fl = await person('fl1@test.openpcc.test', 'force-lead');
    const n = t.platform.notifications;
    const r = await t.db.transaction((tx) =>
      n.notify(tx, {
        event: 'test.thing',
        to: { userIds: [fl.id], roles: ['editor'], emails: ['outside@example.test', 'FL1@test.openpcc.test'], exceptUserIds: [] },
        subject: 'A thing happened',
        body: 'Details.',
        link: '/admin/thing',
        dedupeKey: 'thing:1',
      }),
    );
    const editors = (await t.platform.users.byRole('editor')).length;
    expect(r.recorded).toBe(editors + 2); // the force lead once, although named twice
    await until(() => mailsTo('fl1@test.openpcc.test').length > 0 && mailsTo('outside@example.test').length > 0 && mailsTo('ed1@test.openpcc.test').length > 0);
    await settle(); // and no second copy
    expect(mailsTo('fl1@test.openpcc.test')).toHaveLength(1);
    expect(mailsTo('outside@example.test')).toHaveLength(1);
    expect(mailsTo('ed1@test.openpcc.test')[0].data).toMatch(/http:\/\/localhost:\d+\/admin\/thing|\/admin\/thing/);
    // The same key again tells nobody twice.
    const again = await t.db.transaction((tx) =>
      n.notify(tx, { event: 'test.thing', to: { userIds: [fl.id, ed.id] }, subject: 'A thing happened', body: 'Details.', dedupeKey: 'thing:1' }),
    );
    expect(again.recorded).toBe(0);
    expect(await n.unreadCount(fl.id)).toBe(1);
    await n.markRead(actorOf(fl));
    expect(await n.unreadCount(fl.id)).toBe(0);
  });

  it('records and sends nothing when the change’s transaction rolls back', async () => {
    const fl = await person('fl2@test.openpcc.test', 'force-lead');
    await expect(
      t.db.transaction(async (tx) => {
        await t.platform.notifications.notify(tx, { event: 'test.rolled', to: { userIds: [fl.id] }, subject: 'Never', body: 'x' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await settle();
    expect(await t.db.db.select().from(notifications).where(eq(notifications.userId, fl.id))).toHaveLength(0);
    expect(mailsTo('fl2@test.openpcc.test')).toHaveLength(0);
  });

  it('follows each person’s choice: at once, the daily digest (once a day, also after a restart), or off unless it is their duty', async () => {
    const fl = await person('fl3@test.openpcc.test', 'force-lead');
    const ed = await person('ed3@test.openpcc.test', 'editor');
    let now = new Date('2026-03-10T05:00:00Z');
    const mailer = createMailer(t.db, { smtpUrl: smtp().SMTP_URL, from: 'x@test.openpcc.test' });
    const make = () => {
      const n = createNotifications(t.db, mailer, { baseUrl: 'https://pcc.example.test', clock: () => now });
      n.defineEvent({ event: 'test.approved', label: 'Your update was approved', roles: ['force-lead'] });
      n.defineEvent({ event: 'test.submitted', label: 'An update waits for your approval', roles: ['editor'], duty: ['editor'] });
      return n;
    };
    const n = make();
    await expect(n.setPreferences(actorOf(ed), { defaultMode: 'immediate', events: { 'test.submitted': 'off' } })).rejects.toThrow(/part of your duties/);
    await n.setPreferences(actorOf(fl), { defaultMode: 'digest', events: {} });
    const prefs = await n.preferencesOf(fl.id, 'force-lead');
    expect(prefs.events.map((e) => [e.event, e.mode, e.isDuty])).toEqual([['test.approved', 'digest', false]]);

    await t.db.transaction((tx) => n.notify(tx, { event: 'test.approved', to: { userIds: [fl.id] }, subject: 'Approved: R1', body: 'Well done.' }));
    await t.db.transaction((tx) => n.notify(tx, { event: 'test.approved', to: { userIds: [fl.id] }, subject: 'Approved: R2', body: 'Well done.' }));
    expect(await n.runDigests(now)).toBe('not yet'); // 05:00 in London: before 07:00
    now = new Date('2026-03-10T08:00:00Z');
    expect(await n.runDigests(now)).toBe('sent 1');
    await mailer.deliverQueued();
    expect(await make().runDigests(now)).toBe('sent 0'); // a restart: nothing repeated
    await settle();
    const digests = mailsTo('fl3@test.openpcc.test');
    expect(digests).toHaveLength(1);
    expect(digests[0].data).toMatch(/Approved: R1[\s\S]*Approved: R2/);

    await n.setPreferences(actorOf(fl), { defaultMode: 'immediate', events: { 'test.approved': 'off' } });
    await t.db.transaction((tx) => n.notify(tx, { event: 'test.approved', to: { userIds: [fl.id] }, subject: 'Approved: R3', body: 'Well done.' }));
    await settle();
    expect(mailsTo('fl3@test.openpcc.test')).toHaveLength(1);
    expect((await n.listFor(fl.id)).map((x) => x.subject)).toContain('Approved: R3'); // still in their tasks
  });

  it('sends a message queued just before a restart exactly once', async () => {
    const fl = await person('fl4@test.openpcc.test', 'force-lead');
    const first = createPlatform(t.platform.config, t.db);
    await t.db.transaction((tx) => first.notifications.notify(tx, { event: 'test.restart', to: { userIds: [fl.id] }, subject: 'Across a restart', body: 'x' }));
    // The first process stops before its send; a second one starts and runs its mail task.
    const second = createPlatform(t.platform.config, t.db);
    await second.jobs.runSchedules(new Date());
    await settle(); // the first process's pending send finds it taken
    expect(mailsTo('fl4@test.openpcc.test')).toHaveLength(1);
    const rows = await t.db.db.select().from(outbox).where(eq(outbox.toAddress, 'fl4@test.openpcc.test'));
    expect(rows.map((r) => r.status)).toEqual(['sent']);
  });
});
