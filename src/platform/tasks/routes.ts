import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requirePermission } from '../auth.js';
import type { AppModule, NavItem, Platform, TaskUser } from '../context.js';
import { ukDate as isoDay } from '../format.js';
import { submitForm, type FieldError } from '../forms.js';
import { DELIVERY_MODES, type DeliveryMode } from '../notifications.js';
import { formBody, typedRoutes } from '../typedRoutes.js';
import { collectTasks } from './collect.js';
import { notificationRows, preferenceItems, taskRows } from './presenters.js';
import { tasksPermissions as perms } from './tasksPermissions.js';

/** The signed-in person as the task providers see them. */
export function taskUserOf(request: FastifyRequest): TaskUser | null {
  const u = request.user;
  if (!u || !request.actor.role) return null;
  return { id: u.id, name: u.name, role: request.actor.role, organisation: u.organisation ?? null };
}

/**
 * The staff home ("Your tasks": what waits for the signed-in person, soonest first, and what they
 * were told) and each person's notification preferences.
 */
export function tasksRoutes(platform: Platform, modules: AppModule[], staffNav: () => NavItem[], opts: { forget?: (userId: string) => void } = {}) {
  const { notifications, config } = platform;
  const can = (action: keyof typeof perms.table) => ({ preHandler: requirePermission((r) => perms.can(r, action)) });

  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    app.get('/admin', can('tasks:view'), async (request, reply) => {
      const user = taskUserOf(request)!;
      const now = platform.clock.now();
      const [collected, notes] = await Promise.all([collectTasks(modules, user, now, platform.logger), notifications.listFor(user.id, { limit: 20 })]);
      const items = staffNav().filter((n) => n.href !== '/admin' && (!n.visible || n.visible(request.actor.role)));
      return reply.view('tasks/views/home.njk', {
        title: 'Your tasks',
        tasks: taskRows(collected.tasks, isoDay(now)),
        notes: notificationRows(notes, config.baseUrl),
        unread: notes.filter((n) => !n.readAt).length,
        items,
      });
    });

    app.post('/admin/notifications/read', { ...can('notifications:read'), schema: { body: formBody } }, async (request, reply) => {
      const body = request.body;
      await notifications.markRead(request.actor, typeof body.id === 'string' ? body.id : undefined);
      opts.forget?.(request.actor.id!);
      request.session.flash = 'Marked as read';
      return reply.redirect('/admin#notifications');
    });

    const preferencesPage = async (request: FastifyRequest, extra: { errors?: FieldError[]; values?: Record<string, unknown> } = {}) => {
      const p = await notifications.preferencesOf(request.actor.id!, request.actor.role);
      return { title: 'How you are told', ...preferenceItems(p, extra.values), ...extra };
    };

    app.get('/account/notifications', can('notifications:preferences'), async (request, reply) => {
      return reply.view('tasks/views/preferences.njk', await preferencesPage(request));
    });

    app.post('/account/notifications', { ...can('notifications:preferences'), schema: { body: formBody } }, async (request, reply) => {
      const p = await notifications.preferencesOf(request.actor.id!, request.actor.role);
      const mode = (allowOff: boolean): z.ZodType<DeliveryMode> =>
        z.enum(allowOff ? DELIVERY_MODES : ['immediate', 'digest'], { error: 'Choose how you are told' });
      const eventModes: Record<string, z.ZodType<DeliveryMode>> = Object.fromEntries(p.events.map((e, i) => [`event${i}`, mode(!e.isDuty)]));
      const schema = z.object({ defaultMode: z.enum(['immediate', 'digest'], { error: 'Choose how you are usually told' }) }).and(z.object(eventModes));
      const saved = await submitForm(
        request.body,
        schema,
        (data) =>
          notifications.setPreferences(request.actor, {
            defaultMode: data.defaultMode,
            events: Object.fromEntries(p.events.map((e, i) => [e.event, data[`event${i}`]])),
          }),
        'defaultMode',
      );
      if (!saved.ok) {
        return reply.status(400).view('tasks/views/preferences.njk', await preferencesPage(request, { errors: saved.errors, values: saved.values }));
      }
      request.session.flash = 'Your choices are saved';
      return reply.redirect('/account/notifications');
    });
  };
}
