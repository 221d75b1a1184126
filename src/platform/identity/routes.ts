import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listAudit, historyOf, verifyAuditChain } from '../audit.js';
import { requirePermission, requireSignIn } from '../auth.js';
import type { Platform } from '../context.js';
import { attempt, field, parseForm } from '../forms.js';
import { HttpError, notFound } from '../http.js';
import { formBody, idParams, queryOf, typedRoutes } from '../typedRoutes.js';
import { ROLES, ROLE_LABELS, type Role } from '../roles.js';
import { areaSettingsSchema } from '../settings.js';
import { identityPermissions as perms } from './identityPermissions.js';
import { newPasswordForm } from './identityForms.js';
import { accountRoutes } from './accountRoutes.js';
import { createIdentityServices } from './services.js';
import { signInRoutes } from './signInRoutes.js';

const inviteForm = z.object({
  email: z.string().trim().min(1, 'Enter an email address').email('Enter an email address in the correct format, like name@example.com'),
  name: field.text('a name', 200),
  role: z.enum(ROLES, { error: 'Select a role' }),
  organisation: field.optionalText('organisation', 200),
});

const userChangeForm = z.object({
  role: z.enum(ROLES, { error: 'Select a role' }),
  status: z.enum(['active', 'disabled'], { error: 'Select a status' }),
  organisation: field.optionalText('organisation', 200),
});

const tokenParams = z.object({ token: z.string() });
const historyParams = z.object({ type: z.string(), id: z.string() });
const auditQuery = queryOf('page', 'entityType', 'action', 'q', 'actorId');

const roleItems = (selected?: string) => ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r], selected: r === selected }));

/**
 * `history` says who may read the history of each kind of record (modules declare theirs, with the
 * permission that guards the record itself); any other kind only those who may browse the audit log.
 */
export function identityRoutes(platform: Platform, history: Record<string, (role: Role | null) => boolean> = {}) {
  const { users, settings, mailer, config } = platform;
  const ids = createIdentityServices(platform);

  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    await app.register(signInRoutes(platform, ids));
    await app.register(accountRoutes(platform, ids));
    app.get('/invitations/:token', { schema: { params: tokenParams } }, async (request, reply) => {
      const { token } = request.params;
      const invited = await users.findInvitation(token);
      if (!invited) throw notFound('This invitation link is not valid or has expired. Ask an administrator for a new one.');
      return reply.view('identity/views/accept-invitation.njk', { title: 'Set your password', invited, token });
    });

    app.post('/invitations/:token', { schema: { params: tokenParams } }, async (request, reply) => {
      const { token } = request.params;
      const invited = await users.findInvitation(token);
      if (!invited) throw notFound('This invitation link is not valid or has expired.');
      const form = parseForm(newPasswordForm, request.body);
      if (!form.ok) {
        return reply.status(400).view('identity/views/accept-invitation.njk', { title: 'Set your password', invited, token, errors: form.errors });
      }
      const user = await users.acceptInvitation(token, form.data.password);
      await request.session.regenerate();
      request.session.userId = user.id;
      return reply.redirect('/admin');
    });

    // Staff home: the areas this person's role can reach.
    const manageUsers = { preHandler: requirePermission((r) => perms.can(r, 'users:manage')) };

    app.get('/admin/users', manageUsers, async (_request, reply) => {
      return reply.view('identity/views/users.njk', { title: 'Accounts', users: await users.list() });
    });

    app.get('/admin/users/invite', manageUsers, async (_request, reply) => {
      return reply.view('identity/views/invite.njk', { title: 'Invite someone', roles: roleItems(), values: {} });
    });

    app.post('/admin/users/invite', manageUsers, async (request, reply) => {
      const form = parseForm(inviteForm, request.body);
      if (!form.ok) {
        return reply.status(400).view('identity/views/invite.njk', {
          title: 'Invite someone',
          errors: form.errors,
          values: form.values,
          roles: roleItems(String(form.values.role ?? '')),
        });
      }
      if (await users.findByEmail(form.data.email)) {
        return reply.status(400).view('identity/views/invite.njk', {
          title: 'Invite someone',
          values: form.data,
          roles: roleItems(form.data.role),
          errors: [{ field: 'email', message: 'An account with this email address already exists' }],
        });
      }
      const { user, token } = await users.invite(request.actor, form.data);
      const area = await settings.getArea();
      const link = `${config.baseUrl}/invitations/${token}`;
      await mailer.send({
        to: user.email,
        subject: `You have been invited to ${area.bodyName} on OpenPCC`,
        body: `Hello ${user.name},\n\nYou have been given an OpenPCC account (${ROLE_LABELS[form.data.role]}).\nSet your password within 7 days: ${link}\n`,
      });
      request.session.flash = `Invitation sent to ${user.email}`;
      return reply.redirect('/admin/users');
    });

    app.get('/admin/users/:id', { ...manageUsers, schema: { params: idParams } }, async (request, reply) => {
      const user = await users.get(request.params.id);
      if (!user) throw notFound();
      const history = await historyOf(platform.database.db, 'user', user.id);
      const twoStepOn = await ids.twoStep.isEnabled(user.id);
      const { requireTwoStep } = await ids.security.get();
      return reply.view('identity/views/user.njk', { title: user.name, user, roles: roleItems(user.role), values: user, history, twoStepOn, requireTwoStep });
    });

    app.post('/admin/users/:id', { ...manageUsers, schema: { params: idParams } }, async (request, reply) => {
      const { id } = request.params;
      const user = await users.get(id);
      if (!user) throw notFound();
      const form = parseForm(userChangeForm, request.body);
      if (!form.ok) {
        const history = await historyOf(platform.database.db, 'user', user.id);
        return reply.status(400).view('identity/views/user.njk', {
          title: user.name,
          user,
          errors: form.errors,
          values: form.values,
          roles: roleItems(String(form.values.role ?? '')),
          history,
        });
      }
      const saved = await attempt(
        () => users.update(request.actor, id, { role: form.data.role, status: form.data.status, organisation: form.data.organisation ?? null }),
        'role',
      );
      if (!saved.ok) {
        const history = await historyOf(platform.database.db, 'user', user.id);
        return reply.status(422).view('identity/views/user.njk', {
          title: user.name,
          user,
          values: form.data,
          roles: roleItems(form.data.role),
          history,
          errors: saved.errors,
        });
      }
      request.session.flash = `Saved changes to ${user.email}`;
      return reply.redirect('/admin/users');
    });

    const manageSettings = { preHandler: requirePermission((r) => perms.can(r, 'settings:manage')) };

    app.get('/admin/settings', manageSettings, async (_request, reply) => {
      const area = await settings.getArea();
      return reply.view('identity/views/settings.njk', {
        title: 'Settings of the policing area',
        values: { ...area, localAuthorities: area.localAuthorities.map((l) => `${l.code} ${l.name}`).join('\n') },
      });
    });

    app.post('/admin/settings', { ...manageSettings, schema: { body: formBody } }, async (request, reply) => {
      const body = { ...request.body };
      const laText = String(body.localAuthorities ?? '');
      const parsedLas = laText
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => {
          const m = l.match(/^(\S+)\s+(.+)$/);
          return m ? { code: m[1], name: m[2] } : { code: l, name: '' };
        });
      const form = parseForm(areaSettingsSchema, { ...body, localAuthorities: parsedLas });
      if (!form.ok) {
        const errors = form.errors.map((e) =>
          e.field.startsWith('localAuthorities') ? { field: 'localAuthorities', message: `Local authorities: ${e.message} (one per line: code then name)` } : e,
        );
        return reply
          .status(400)
          .view('identity/views/settings.njk', { title: 'Settings of the policing area', errors, values: { ...body, localAuthorities: laText } });
      }
      await settings.setArea(request.actor, form.data);
      request.session.flash = 'Settings saved';
      return reply.redirect('/admin/settings');
    });

    app.get(
      '/admin/audit',
      { preHandler: requirePermission((r) => perms.can(r, 'audit:browse')), schema: { querystring: auditQuery } },
      async (request, reply) => {
        const q = request.query;
        const page = Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1);
        const pageSize = 50;
        const filter = {
          entityType: q.entityType || undefined,
          action: q.action || undefined,
          q: q.q || undefined,
          actorId: q.actorId && /^[0-9a-f-]{36}$/.test(q.actorId) ? q.actorId : undefined,
        };
        const { rows, total } = await listAudit(platform.database.db, { ...filter, limit: pageSize, offset: (page - 1) * pageSize });
        const pages = Math.max(1, Math.ceil(total / pageSize));
        const qs = (p: number) =>
          `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1]))), page: String(p) })}`;
        return reply.view('identity/views/audit.njk', {
          title: 'Audit log',
          rows,
          total,
          filter,
          page,
          pages,
          pagination: {
            previous: page > 1 ? { href: qs(page - 1) } : undefined,
            next: page < pages ? { href: qs(page + 1) } : undefined,
          },
          users: await users.list(),
          chain: await verifyAuditChain(platform.database),
        });
      },
    );

    app.get('/admin/outbox', { preHandler: requirePermission((r) => perms.can(r, 'outbox:read')) }, async (_request, reply) => {
      return reply.view('identity/views/outbox.njk', { title: 'Outbox', messages: await mailer.list(200), smtp: mailer.configured });
    });

    app.get('/admin/history/:type/:id', { preHandler: requireSignIn, schema: { params: historyParams } }, async (request, reply) => {
      if (!request.user) throw notFound();
      const { type, id } = request.params;
      const own: Record<string, (role: Role | null) => boolean> = {
        user: (r) => perms.can(r, 'users:manage'),
        settings: (r) => perms.can(r, 'settings:manage'),
      };
      const allowed = Object.hasOwn(history, type) ? history[type] : Object.hasOwn(own, type) ? own[type] : (r: Role | null) => perms.can(r, 'audit:browse');
      if (!allowed(request.actor.role)) throw new HttpError(403, 'You do not have permission to do this', 'Your role does not allow you to see this record.');
      const rows = await historyOf(platform.database.db, type, id);
      return reply.view('identity/views/history.njk', { title: 'History of changes', rows, type, id });
    });
  };
}
