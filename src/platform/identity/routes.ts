import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listAudit, historyOf } from '../audit.js';
import { requirePermission, requireSignIn } from '../auth.js';
import type { NavItem, Platform } from '../context.js';
import { field, parseForm } from '../forms.js';
import { HttpError, notFound } from '../http.js';
import { ROLES, ROLE_LABELS, isRole } from '../roles.js';
import { areaSettingsSchema } from '../settings.js';
import { identityPermissions as perms } from './identityPermissions.js';
import { MAX_FAILED_ATTEMPTS } from './usersService.js';

const signInForm = z.object({
  email: z.string().trim().min(1, 'Enter your email address').email('Enter an email address in the correct format, like name@example.com'),
  password: z.string().min(1, 'Enter your password'),
  returnTo: z.string().optional(),
});

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

const passwordForm = z
  .object({
    password: z.string().min(12, 'Password must be at least 12 characters').max(200, 'Password must be 200 characters or fewer'),
    confirm: z.string().min(1, 'Confirm your password'),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'Passwords must match' });

/** Only local paths: never redirect to another site after sign-in. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/admin';
}

const roleItems = (selected?: string) => ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r], selected: r === selected }));

export function identityRoutes(platform: Platform, staffNav: () => NavItem[]) {
  const { users, settings, mailer, config } = platform;

  return async function (app: FastifyInstance) {
    app.get('/sign-in', async (request, reply) => {
      if (request.user) return reply.redirect('/admin');
      const q = request.query as { returnTo?: string };
      return reply.view('identity/views/sign-in.njk', { title: 'Sign in', values: { returnTo: safeReturnTo(q.returnTo) } });
    });

    app.post('/sign-in', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
      const form = parseForm(signInForm, request.body);
      if (!form.ok) {
        return reply.status(400).view('identity/views/sign-in.njk', { title: 'Sign in', errors: form.errors, values: { ...form.values, password: '' } });
      }
      const result = await users.signIn(form.data.email, form.data.password, request.id);
      if (!result.ok) {
        const message =
          result.reason === 'locked'
            ? `This account is locked after ${MAX_FAILED_ATTEMPTS} failed attempts. Try again in 15 minutes.`
            : 'Enter a correct email address and password';
        return reply.status(401).view('identity/views/sign-in.njk', {
          title: 'Sign in',
          errors: [{ field: 'email', message }],
          values: { email: form.data.email, returnTo: form.data.returnTo },
        });
      }
      await request.session.regenerate();
      request.session.userId = result.user.id;
      return reply.redirect(safeReturnTo(form.data.returnTo));
    });

    app.post('/sign-out', async (request, reply) => {
      await request.session.destroy();
      return reply.redirect('/');
    });

    app.get('/invitations/:token', async (request, reply) => {
      const { token } = request.params as { token: string };
      const invited = await users.findInvitation(token);
      if (!invited) throw notFound('This invitation link is not valid or has expired. Ask an administrator for a new one.');
      return reply.view('identity/views/accept-invitation.njk', { title: 'Set your password', invited, token });
    });

    app.post('/invitations/:token', async (request, reply) => {
      const { token } = request.params as { token: string };
      const invited = await users.findInvitation(token);
      if (!invited) throw notFound('This invitation link is not valid or has expired.');
      const form = parseForm(passwordForm, request.body);
      if (!form.ok) {
        return reply.status(400).view('identity/views/accept-invitation.njk', { title: 'Set your password', invited, token, errors: form.errors });
      }
      const user = await users.acceptInvitation(token, form.data.password);
      await request.session.regenerate();
      request.session.userId = user.id;
      return reply.redirect('/admin');
    });

    // Staff home: the areas this person's role can reach.
    app.get('/admin', { preHandler: requireSignIn }, async (request, reply) => {
      const items = staffNav().filter((n) => !n.visible || n.visible(request.actor.role));
      return reply.view('identity/views/staff-home.njk', { title: 'Staff home', items });
    });

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

    app.get('/admin/users/:id', manageUsers, async (request, reply) => {
      const user = await users.get((request.params as { id: string }).id);
      if (!user) throw notFound();
      const history = await historyOf(platform.database.db, 'user', user.id);
      return reply.view('identity/views/user.njk', { title: user.name, user, roles: roleItems(user.role), values: user, history });
    });

    app.post('/admin/users/:id', manageUsers, async (request, reply) => {
      const id = (request.params as { id: string }).id;
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
      try {
        await users.update(request.actor, id, { role: form.data.role, status: form.data.status, organisation: form.data.organisation ?? null });
      } catch (e) {
        if (e instanceof HttpError && e.statusCode === 422) {
          const history = await historyOf(platform.database.db, 'user', user.id);
          return reply.status(422).view('identity/views/user.njk', {
            title: user.name,
            user,
            values: form.data,
            roles: roleItems(form.data.role),
            history,
            errors: [{ field: 'role', message: e.detail ?? e.title }],
          });
        }
        throw e;
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

    app.post('/admin/settings', manageSettings, async (request, reply) => {
      const body = { ...(request.body as Record<string, unknown>) };
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

    app.get('/admin/audit', { preHandler: requirePermission((r) => perms.can(r, 'audit:browse')) }, async (request, reply) => {
      const q = request.query as Record<string, string | undefined>;
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
        `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)), page: String(p) } as Record<string, string>)}`;
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
      });
    });

    app.get('/admin/outbox', { preHandler: requirePermission((r) => perms.can(r, 'outbox:read')) }, async (_request, reply) => {
      return reply.view('identity/views/outbox.njk', { title: 'Outbox', messages: await mailer.list(200), smtp: mailer.configured });
    });

    app.get('/admin/history/:type/:id', { preHandler: requireSignIn }, async (request, reply) => {
      if (!request.user) throw notFound();
      const { type, id } = request.params as { type: string; id: string };
      if (!isRole(request.actor.role) || request.actor.role === 'panel-member') throw new HttpError(403, 'You do not have permission to do this');
      const rows = await historyOf(platform.database.db, type, id);
      return reply.view('identity/views/history.njk', { title: 'History of changes', rows, type, id });
    });
  };
}
