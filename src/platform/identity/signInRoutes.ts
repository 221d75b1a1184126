import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Platform } from '../context.js';
import { parseForm } from '../forms.js';
import { queryOf, typedRoutes } from '../typedRoutes.js';
import { forgotForm, newPasswordForm, codeForm, signInForm } from './identityForms.js';
import { safeReturnTo } from './returnTo.js';
import type { IdentityServices } from './services.js';
import { sourceOf } from './signInThrottle.js';
import { RESET_LINK_MINUTES } from './passwordService.js';

const REFUSALS: Record<string, string> = {
  failed: 'The sign-in could not be completed. The link may have been used already or have expired. Try again.',
  'no-email': 'Your account at the identity provider has no verified email address.',
  domain: 'Your email address is not in a domain allowed to sign in here.',
  unmapped: 'Your account is not in any group that has a role here. Ask your administrator to add you to the right group.',
  disabled: 'This account has been deactivated. Ask an administrator.',
};

const tokenParams = z.object({ token: z.string() });
const returnToQuery = { schema: { querystring: queryOf('returnTo') } };

const waitMessage = (seconds: number) =>
  `Too many failed attempts from here. Wait ${seconds < 60 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minutes`}, then try again.`;

/**
 * Signing in and out: by password (throttled per account and source), the second step for those
 * with two-step verification, forgotten passwords, and the identity provider (OpenID Connect).
 */
export function signInRoutes(platform: Platform, ids: IdentityServices) {
  const { users } = platform;
  const { security, twoStep, passwords, oidc } = ids;
  const signInLimit = { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } };

  async function signInPage(reply: FastifyReply, status: number, data: Record<string, unknown>) {
    const settings = await security.get();
    return reply
      .status(status)
      .view('identity/views/sign-in.njk', { title: 'Sign in', localAccounts: settings.localAccounts, oidcLabel: oidc?.label, ...data });
  }

  /** A new session (no fixation) for the person, then where they were going. */
  async function completeSignIn(
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    returnTo: string,
    opts: { mustSetUpTwoStep?: boolean; flash?: string } = {},
  ) {
    await request.session.regenerate();
    request.session.userId = userId;
    if (opts.flash) request.session.flash = opts.flash;
    if (opts.mustSetUpTwoStep) {
      request.session.mustSetUpTwoStep = true;
      request.session.returnTo = returnTo;
      return reply.redirect('/account/two-step');
    }
    return reply.redirect(returnTo);
  }

  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    app.get('/sign-in', returnToQuery, async (request, reply) => {
      if (request.user) return reply.redirect('/admin');
      return signInPage(reply, 200, { values: { returnTo: safeReturnTo(request.query.returnTo) } });
    });

    app.post('/sign-in', signInLimit, async (request, reply) => {
      if (!(await security.get()).localAccounts) {
        return reply.status(403).view('identity/views/sign-in-refused.njk', { title: 'Passwords are not used here', message: `Sign in with ${oidc?.label}.` });
      }
      const form = parseForm(signInForm, request.body);
      if (!form.ok) return signInPage(reply, 400, { errors: form.errors, values: { ...form.values, password: '' } });
      const returnTo = safeReturnTo(form.data.returnTo);
      const result = await users.signIn(form.data.email, form.data.password, { source: sourceOf(request.ip), requestId: request.id });
      if (!result.ok) {
        const throttled = result.reason === 'throttled';
        if (throttled) reply.header('retry-after', String(result.waitSeconds));
        return signInPage(reply, throttled ? 429 : 401, {
          errors: [{ field: 'email', message: throttled ? waitMessage(result.waitSeconds) : 'Enter a correct email address and password' }],
          values: { email: form.data.email, returnTo },
        });
      }
      if (await twoStep.isEnabled(result.user.id)) {
        await request.session.regenerate();
        request.session.twoStepUserId = result.user.id;
        request.session.returnTo = returnTo;
        return reply.redirect('/sign-in/two-step');
      }
      return completeSignIn(request, reply, result.user.id, returnTo, { mustSetUpTwoStep: (await security.get()).requireTwoStep });
    });

    app.get('/sign-in/two-step', async (request, reply) => {
      if (!request.session.twoStepUserId) return reply.redirect('/sign-in');
      return reply.view('identity/views/two-step-code.njk', { title: 'Enter your security code', values: {} });
    });

    app.post('/sign-in/two-step', signInLimit, async (request, reply) => {
      const userId = request.session.twoStepUserId;
      const user = userId ? await users.get(userId) : undefined;
      if (!user || user.status !== 'active') return reply.redirect('/sign-in');
      const form = parseForm(codeForm, request.body);
      const page = (status: number, message: string) =>
        reply.status(status).view('identity/views/two-step-code.njk', { title: 'Enter your security code', values: {}, errors: [{ field: 'code', message }] });
      if (!form.ok) return page(400, form.errors[0].message);
      const check = await twoStep.verify(user, form.data.code, sourceOf(request.ip), request.id);
      if (!check.ok) {
        if (check.reason === 'throttled') reply.header('retry-after', String(check.waitSeconds));
        return check.reason === 'throttled'
          ? page(429, waitMessage(check.waitSeconds))
          : page(401, 'The code is not right. Enter the current code from your authenticator app, or a recovery code');
      }
      const left = check.usedRecoveryCode ? ((await twoStep.status(user.id)).recoveryCodesLeft ?? 0) : 0;
      return completeSignIn(request, reply, user.id, safeReturnTo(request.session.returnTo), {
        flash: check.usedRecoveryCode ? `You used a recovery code. You have ${left} left: make new ones on your account page.` : undefined,
      });
    });

    app.post('/sign-out', async (request, reply) => {
      await request.session.destroy();
      return reply.redirect('/');
    });

    app.get('/sign-in/forgot', async (_request, reply) => {
      return reply.view('identity/views/forgot.njk', { title: 'Reset your password', values: {}, localAccounts: (await security.get()).localAccounts });
    });

    app.post('/sign-in/forgot', { config: { rateLimit: { max: 5, timeWindow: '1 minute' } } }, async (request, reply) => {
      const localAccounts = (await security.get()).localAccounts;
      const form = parseForm(forgotForm, request.body);
      if (!form.ok)
        return reply.status(400).view('identity/views/forgot.njk', { title: 'Reset your password', values: form.values, errors: form.errors, localAccounts });
      if (localAccounts) await passwords.requestReset(form.data.email, request.id);
      return reply.view('identity/views/forgot-sent.njk', { title: 'Check your email', email: form.data.email, minutes: RESET_LINK_MINUTES });
    });

    const resetPage = (reply: FastifyReply, status: number, token: string, errors?: unknown) =>
      reply.status(status).view('identity/views/reset.njk', { title: 'Choose a new password', token, errors });
    const expired = (reply: FastifyReply) =>
      reply.status(404).view('identity/views/reset-expired.njk', { title: 'This link does not work', minutes: RESET_LINK_MINUTES });

    app.get('/sign-in/reset/:token', { schema: { params: tokenParams } }, async (request, reply) => {
      const { token } = request.params;
      if (!(await security.get()).localAccounts || !(await passwords.findReset(token))) return expired(reply);
      return resetPage(reply, 200, token);
    });

    app.post('/sign-in/reset/:token', { ...signInLimit, schema: { params: tokenParams } }, async (request, reply) => {
      const { token } = request.params;
      if (!(await security.get()).localAccounts || !(await passwords.findReset(token))) return expired(reply);
      const form = parseForm(newPasswordForm, request.body);
      if (!form.ok) return resetPage(reply, 400, token, form.errors);
      if (!(await passwords.resetPassword(token, form.data.password, request.id))) return expired(reply);
      request.session.flash = 'Your password has been changed. Sign in with your new password.';
      return reply.redirect('/sign-in');
    });

    app.get('/sign-in/oidc', returnToQuery, async (request, reply) => {
      if (!oidc) return reply.callNotFound();
      const returnTo = safeReturnTo(request.query.returnTo);
      let started;
      try {
        started = await oidc.start(returnTo);
      } catch (e) {
        request.log.warn({ err: e }, 'identity provider not reachable');
        return reply.status(503).view('identity/views/sign-in-refused.njk', {
          title: 'Sign-in is not available',
          message: `The sign-in service of ${oidc.label} is not answering. Try again later.`,
        });
      }
      request.session.oidc = started.pending;
      return reply.redirect(started.url);
    });

    app.get('/sign-in/oidc/callback', async (request, reply) => {
      if (!oidc) return reply.callNotFound();
      const pending = request.session.oidc;
      // One use only: a replayed or second answer finds nothing to compare with.
      request.session.oidc = undefined;
      const refuse = (status: number, reason: string) =>
        reply.status(status).view('identity/views/sign-in-refused.njk', { title: 'You could not be signed in', message: REFUSALS[reason] ?? REFUSALS.failed });
      if (!pending) return refuse(400, 'failed');
      const result = await oidc.finish(request.url, pending, request.id);
      if (!result.ok) {
        request.log.info({ reason: result.reason, detail: result.detail }, 'identity provider sign-in refused');
        return refuse(result.reason === 'failed' ? 400 : 403, result.reason);
      }
      return completeSignIn(request, reply, result.userId, safeReturnTo(pending.returnTo));
    });
  };
}
