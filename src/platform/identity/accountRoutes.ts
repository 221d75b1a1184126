import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requirePermission, requireSignInOnly } from '../auth.js';
import type { Platform } from '../context.js';
import { parseForm, type FieldError } from '../forms.js';
import { formBody, idParams, typedRoutes } from '../typedRoutes.js';
import { forbidden, notFound } from '../http.js';
import { changePasswordForm, codeForm, securityForm, totpForm, turnOffForm } from './identityForms.js';
import { identityPermissions as perms } from './identityPermissions.js';
import { safeReturnTo } from './returnTo.js';
import type { IdentityServices } from './services.js';

/**
 * One's own account (/account: password, two-step verification, other sessions) and the
 * administrator's sign-in settings (/admin/security).
 */
export function accountRoutes(platform: Platform, ids: IdentityServices) {
  const { users, settings } = platform;
  const { security, twoStep, passwords, oidc } = ids;
  const own = { preHandler: requirePermission((r) => perms.can(r, 'account:own')) };
  /** The two-step pages stay open while two-step verification is being set up (as required). */
  const ownDuringSetup = {
    preHandler: async (request: FastifyRequest, reply: FastifyReply) => {
      if (!request.user) return requireSignInOnly(request, reply);
      if (!perms.can(request.actor.role, 'account:own')) throw forbidden();
    },
  };
  const manageSecurity = { preHandler: requirePermission((r) => perms.can(r, 'security:manage')) };
  const manageUsers = { preHandler: requirePermission((r) => perms.can(r, 'users:manage')) };

  async function accountPage(request: FastifyRequest, reply: FastifyReply) {
    const userId = request.user!.id;
    return reply.view('identity/views/account.njk', {
      title: 'Your account',
      hasPassword: await passwords.hasPassword(userId),
      twoStep: await twoStep.status(userId),
      otherSessions: await passwords.otherSessions(userId),
    });
  }

  async function twoStepPage(request: FastifyRequest, reply: FastifyReply, status = 200, errors?: FieldError[]) {
    const user = request.user!;
    const current = await twoStep.status(user.id);
    const settingsNow = await security.get();
    if (current.enabled) {
      return reply.status(status).view('identity/views/two-step.njk', {
        title: 'Two-step verification',
        current,
        errors,
        canTurnOff: !settingsNow.requireTwoStep,
        hasPassword: await passwords.hasPassword(user.id),
      });
    }
    const area = await settings.getArea();
    const setup = await twoStep.newSetup(user.email, `OpenPCC ${area.bodyShortName}`, request.session.twoStepSetupSecret);
    request.session.twoStepSetupSecret = setup.secret;
    return reply.status(status).view('identity/views/two-step-setup.njk', {
      title: 'Set up two-step verification',
      setup,
      errors,
      required: Boolean(request.session.mustSetUpTwoStep),
    });
  }

  function recoveryCodesPage(reply: FastifyReply, codes: string[], next: string, first: boolean) {
    reply.header('cache-control', 'no-store');
    return reply.view('identity/views/recovery-codes.njk', { title: 'Your recovery codes', codes, next, first });
  }

  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    app.get('/account', own, accountPage);

    app.get('/account/password', own, async (request, reply) => {
      if (!(await passwords.hasPassword(request.user!.id)))
        throw notFound(`You sign in through ${oidc?.label ?? 'your identity provider'}, so you have no password here.`);
      return reply.view('identity/views/change-password.njk', { title: 'Change your password' });
    });

    app.post('/account/password', own, async (request, reply) => {
      const page = (status: number, errors: FieldError[]) =>
        reply.status(status).view('identity/views/change-password.njk', { title: 'Change your password', errors });
      const form = parseForm(changePasswordForm, request.body);
      if (!form.ok) return page(400, form.errors);
      const outcome = await passwords.changePassword(request.actor, form.data.current, form.data.password, request.session.sessionId);
      if (outcome === 'wrong-password') return page(400, [{ field: 'current', message: 'Your current password is not right' }]);
      request.session.flash = 'Your password has been changed. Your other sessions have been signed out.';
      return reply.redirect('/account');
    });

    app.post('/account/sessions/sign-out-others', own, async (request, reply) => {
      const ended = await passwords.endOtherSessions(request.actor, request.session.sessionId);
      request.session.flash = ended ? `Signed out of ${ended} other session${ended === 1 ? '' : 's'}.` : 'You had no other sessions.';
      return reply.redirect('/account');
    });

    app.get('/account/two-step', ownDuringSetup, (request, reply) => twoStepPage(request, reply));

    app.post('/account/two-step', ownDuringSetup, async (request, reply) => {
      const secret = request.session.twoStepSetupSecret;
      if (!secret || (await twoStep.isEnabled(request.user!.id))) return reply.redirect('/account/two-step');
      const form = parseForm(totpForm, request.body);
      if (!form.ok) return twoStepPage(request, reply, 400, form.errors);
      const codes = await twoStep.enable(request.actor, secret, form.data.code);
      if (!codes) return twoStepPage(request, reply, 400, [{ field: 'code', message: 'The code is not right. Enter the code your app shows now' }]);
      const next = request.session.mustSetUpTwoStep ? safeReturnTo(request.session.returnTo) : '/account';
      request.session.twoStepSetupSecret = undefined;
      request.session.mustSetUpTwoStep = undefined;
      request.session.returnTo = undefined;
      return recoveryCodesPage(reply, codes, next, true);
    });

    app.post('/account/two-step/recovery-codes', own, async (request, reply) => {
      const form = parseForm(codeForm, request.body);
      if (!form.ok) return twoStepPage(request, reply, 400, form.errors);
      const check = await twoStep.verify(request.user!, form.data.code, `account:${request.user!.id}`, request.id);
      if (!check.ok) return twoStepPage(request, reply, 400, [{ field: 'code', message: 'The code is not right. Enter the code your app shows now' }]);
      return recoveryCodesPage(reply, await twoStep.regenerateRecoveryCodes(request.actor), '/account', false);
    });

    app.post('/account/two-step/off', own, async (request, reply) => {
      if ((await security.get()).requireTwoStep) throw forbidden('Your organisation requires two-step verification.');
      const form = parseForm(turnOffForm, request.body);
      if (!form.ok || !(await passwords.confirmPassword(request.user!.id, form.data.password ?? ''))) {
        return twoStepPage(request, reply, 400, [{ field: 'password', message: 'Enter your password to turn off two-step verification' }]);
      }
      await twoStep.disable(request.actor, request.user!.id);
      request.session.flash = 'Two-step verification is off.';
      return reply.redirect('/account');
    });

    app.post('/admin/users/:id/two-step-off', { ...manageUsers, schema: { params: idParams } }, async (request, reply) => {
      const user = await users.get(request.params.id);
      if (!user) throw notFound();
      await twoStep.disable(request.actor, user.id);
      request.session.flash = `Two-step verification is off for ${user.email}. They can set it up again when they next sign in.`;
      return reply.redirect(`/admin/users/${user.id}`);
    });

    const securityPage = async (reply: FastifyReply, status: number, values: Record<string, unknown>, errors?: FieldError[]) =>
      reply.status(status).view('identity/views/security.njk', { title: 'Sign-in settings', values, errors, oidcLabel: oidc?.label });

    app.get('/admin/security', manageSecurity, async (_request, reply) => {
      const s = await security.get();
      return securityPage(reply, 200, { requireTwoStep: s.requireTwoStep ? 'yes' : 'no', localAccounts: s.localAccounts ? 'yes' : 'no' });
    });

    app.post('/admin/security', { ...manageSecurity, schema: { body: formBody } }, async (request, reply) => {
      const form = parseForm(securityForm, { localAccounts: 'yes', ...request.body });
      if (!form.ok) return securityPage(reply, 400, form.values, form.errors);
      if (!form.data.localAccounts && !security.oidcConfigured) {
        return securityPage(reply, 400, request.body, [
          { field: 'localAccounts', message: 'Set up sign-in through an identity provider before turning off passwords' },
        ]);
      }
      await security.set(request.actor, form.data);
      request.session.flash = 'Sign-in settings saved';
      return reply.redirect('/admin/security');
    });
  };
}
