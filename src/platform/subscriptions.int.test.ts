import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { createMailer } from './mailer.js';
import { outbox } from './schema.js';
import { createSubscriptions } from './subscriptions.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

const to = (email: string) => t.db.db.select().from(outbox).where(eq(outbox.toAddress, email));
const tokenIn = (body: string) => body.match(/confirm\?token=([A-Za-z0-9_-]+)/)?.[1] ?? '';

describe('public subscriptions', () => {
  it('sends nothing but the confirmation before the link is followed, then every message with a one-click unsubscribe', async () => {
    let now = new Date('2026-05-01T10:00:00Z');
    const subs = createSubscriptions(t.db, createMailer(t.db, { from: 'x@test' }), {
      baseUrl: 'https://pcc.example.test/',
      secret: 's'.repeat(40),
      clock: () => now,
    });
    await subs.subscribe('Resident@Example.test', ['consultations', 'panel']);
    const [confirmation] = await to('resident@example.test');
    expect(confirmation.subject).toBe('Confirm your subscription');
    expect(
      await t.db.transaction((tx) => subs.notifySubscribers(tx, 'consultations', { subject: 'New consultation', body: 'Tell us.', link: '/consultations/x' })),
    ).toBe(0);

    // Asking again within minutes sends no second e-mail (and says the same to the visitor).
    await subs.subscribe('resident@example.test', ['plans']);
    expect(await to('resident@example.test')).toHaveLength(1);

    expect(await subs.confirm('not-a-real-token-at-all-0000')).toBe(false);
    expect(await subs.confirm(tokenIn(confirmation.body))).toBe(true);
    expect(await subs.confirm(tokenIn(confirmation.body))).toBe(false); // used once
    const sent = await t.db.transaction((tx) =>
      subs.notifySubscribers(tx, 'consultations', { subject: 'New consultation', body: 'Tell us.', link: '/consultations/x', dedupeKey: 'c1' }),
    );
    expect(sent).toBe(1);
    expect(
      await t.db.transaction((tx) => subs.notifySubscribers(tx, 'consultations', { subject: 'New consultation', body: 'Tell us.', dedupeKey: 'c1' })),
    ).toBe(0);
    expect(await t.db.transaction((tx) => subs.notifySubscribers(tx, 'plans', { subject: 'New plan', body: 'Read it.' }))).toBe(0); // not a topic of theirs

    const message = (await to('resident@example.test')).find((m) => m.subject === 'New consultation')!;
    expect(message.body).toContain('https://pcc.example.test/consultations/x');
    const url = message.headers!['List-Unsubscribe'].replace(/^<|>$/g, '');
    expect(message.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(message.body).toContain(url);
    const u = new URL(url);
    expect(await subs.unsubscribe(u.searchParams.get('s')!, 'forged')).toBe(false);
    expect(await subs.unsubscribe(u.searchParams.get('s')!, u.searchParams.get('t')!)).toBe(true);
    expect(await t.db.transaction((tx) => subs.notifySubscribers(tx, 'panel', { subject: 'Panel report', body: 'x' }))).toBe(0);

    // A fresh request after the wait sends a new link; a confirmed subscriber keeps their topics until it is followed.
    now = new Date('2026-05-01T11:00:00Z');
    await subs.subscribe('resident@example.test', ['annual-reports']);
    expect((await to('resident@example.test')).filter((m) => m.subject === 'Confirm your subscription')).toHaveLength(2);
  });

  it('refuses a header value that could start another header', async () => {
    const mailer = createMailer(t.db, { from: 'x@test' });
    await expect(
      mailer.send({ to: 'a@example.test', subject: 's', body: 'b', headers: { 'List-Unsubscribe': '<https://x>\r\nBcc: victim@example.test' } }),
    ).rejects.toThrow(/line break/);
  });
});
