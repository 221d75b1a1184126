import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Platform } from '../context.js';
import { parseForm } from '../forms.js';
import { SUBSCRIPTION_TOPICS, TOPIC_KEYS } from '../subscriptions.js';
import { formBody, queryOf, typedRoutes } from '../typedRoutes.js';

/** Per address: a few requests, so the form cannot be used to flood people's mailboxes. */
export const SUBSCRIBE_RATE_LIMIT = { max: 5, timeWindow: '10 minutes' };
const LINK_RATE_LIMIT = { max: 30, timeWindow: '10 minutes' };

const subscribeForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.com'),
  topics: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(TOPIC_KEYS, { error: 'Select what you want to hear about' })).min(1, 'Select what you want to hear about'),
  ),
});

const topicItems = (chosen: unknown) => {
  const list = Array.isArray(chosen) ? chosen : chosen ? [chosen] : [];
  return TOPIC_KEYS.map((k) => ({ value: k, text: SUBSCRIPTION_TOPICS[k], checked: list.includes(k) }));
};
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * The public subscription pages: ask (the same answer whatever the address), confirm by the
 * e-mailed link (a button, so a mail scanner following links confirms nothing), and unsubscribe
 * in one click (RFC 8058: POST to the List-Unsubscribe address, proven by its HMAC, not CSRF).
 */
export function subscriptionRoutes(platform: Platform) {
  const { subscriptions } = platform;
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    app.get('/subscribe', async (_request, reply) =>
      reply.view('tasks/views/subscribe.njk', { title: 'Get e-mail updates', topics: topicItems([]), values: {} }),
    );

    app.post('/subscribe', { config: { rateLimit: SUBSCRIBE_RATE_LIMIT } }, async (request, reply) => {
      const form = parseForm(subscribeForm, request.body);
      if (!form.ok) {
        return reply
          .status(400)
          .view('tasks/views/subscribe.njk', { title: 'Get e-mail updates', topics: topicItems(form.values.topics), values: form.values, errors: form.errors });
      }
      await subscriptions.subscribe(form.data.email, form.data.topics);
      return reply.view('tasks/views/subscription-message.njk', {
        title: 'Check your e-mail',
        heading: 'Check your e-mail',
        message: 'If the address you gave can receive e-mail, we have sent it a link. Follow the link to confirm: we send nothing else until you do.',
      });
    });

    app.get('/subscriptions/confirm', { schema: { querystring: queryOf('token') } }, async (request, reply) => {
      const token = str(request.query.token);
      return reply.view('tasks/views/subscription-confirm.njk', { title: 'Confirm your subscription', token });
    });

    app.post('/subscriptions/confirm', { config: { rateLimit: LINK_RATE_LIMIT }, schema: { body: formBody } }, async (request, reply) => {
      const ok = await subscriptions.confirm(str(request.body.token));
      return reply.status(ok ? 200 : 400).view(
        'tasks/views/subscription-message.njk',
        ok
          ? {
              title: 'You are subscribed',
              heading: 'You are subscribed',
              message: 'We will e-mail you when there is news on what you chose. Every e-mail has a link to unsubscribe.',
            }
          : {
              title: 'This link does not work',
              heading: 'This link does not work',
              message: 'It may have been used already or be more than a week old.',
              again: true,
            },
      );
    });

    app.get('/subscriptions/unsubscribe', { schema: { querystring: queryOf('s', 't') } }, async (request, reply) => {
      const q = request.query;
      return reply.view('tasks/views/subscription-unsubscribe.njk', { title: 'Unsubscribe', s: str(q.s), t: str(q.t) });
    });

    // A one-click unsubscribe may come as a multipart form (RFC 8058), whose body reaches the route as null.
    const unsubscribeSchema = { querystring: queryOf('s', 't'), body: formBody.nullable() };
    app.post('/subscriptions/unsubscribe', { config: { csrf: false, rateLimit: LINK_RATE_LIMIT }, schema: unsubscribeSchema }, async (request, reply) => {
      const q = { ...request.query, ...(request.body ?? {}) };
      const ok = await subscriptions.unsubscribe(str(q.s), str(q.t));
      return reply.status(ok ? 200 : 400).view(
        'tasks/views/subscription-message.njk',
        ok
          ? { title: 'You are unsubscribed', heading: 'You are unsubscribed', message: 'We will not e-mail you again about this.', again: true }
          : {
              title: 'This link does not work',
              heading: 'This link does not work',
              message: 'Use the unsubscribe link from the most recent e-mail we sent you.',
            },
      );
    });
  };
}
