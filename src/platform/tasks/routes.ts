import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requirePermission } from '../auth.js';
import type { AppModule, NavItem, Platform, TaskUser } from '../context.js';
import { ukDate as isoDay } from '../format.js';
import { parseForm } from '../forms.js';
import { RuleError } from '../http.js';
import { DELIVERY_MODES } from '../notifications.js';
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
export function tasksRoutes(
  platform: Platform,
  modules: AppModule[],
  staffNav: () => NavItem[],
  opts: { clock?: () => Date; forget?: (userId: string) => void } = {},
) {
  const clock = opts.clock ?? (() => new Date());
  const { notifications, config } = platform;
  const can = (action: keyof typeof perms.table) => ({ preHandler: requirePermission((r) => perms.can(r, action)) });

  return async function (app: FastifyInstance) {
    app.get('/admin', can('tasks:view'), async (request, reply) => {
      const user = taskUserOf(request)!;
      const now = clock();
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

    app.post('/admin/notifications/read', can('notifications:read'), async (request, reply) => {
      const body = (request.body ?? {}) as { id?: unknown };
      await notifications.markRead(request.actor, typeof body.id === 'string' ? body.id : undefined);
      opts.forget?.(request.actor.id!);
      request.session.flash = 'Marked as read';
      return reply.redirect('/admin#notifications');
    });

    const preferencesPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
      const p = await notifications.preferencesOf(request.actor.id!, request.actor.role);
      return { title: 'How you are told', ...preferenceItems(p, extra.values as Record<string, string> | undefined), ...extra };
    };

    app.get('/account/notifications', can('notifications:preferences'), async (request, reply) => {
      return reply.view('tasks/views/preferences.njk', await preferencesPage(request));
    });

    app.post('/account/notifications', can('notifications:preferences'), async (request, reply) => {
      const p = await notifications.preferencesOf(request.actor.id!, request.actor.role);
      const mode = (allowOff: boolean) => z.enum(allowOff ? DELIVERY_MODES : ['immediate', 'digest'], { error: 'Choose how you are told' });
      const schema = z.object({
        defaultMode: z.enum(['immediate', 'digest'], { error: 'Choose how you are usually told' }),
        ...Object.fromEntries(p.events.map((e, i) => [`event${i}`, mode(!e.isDuty)])),
      });
      const form = parseForm(schema, request.body);
      if (!form.ok) {
        return reply.status(400).view('tasks/views/preferences.njk', await preferencesPage(request, { errors: form.errors, values: form.values }));
      }
      const data = form.data as Record<string, string>;
      try {
        await notifications.setPreferences(request.actor, {
          defaultMode: data.defaultMode as 'immediate' | 'digest',
          events: Object.fromEntries(p.events.map((e, i) => [e.event, data[`event${i}`] as (typeof DELIVERY_MODES)[number]])),
        });
      } catch (e) {
        if (!(e instanceof RuleError)) throw e;
        return reply
          .status(400)
          .view('tasks/views/preferences.njk', await preferencesPage(request, { errors: [{ field: 'defaultMode', message: e.message }], values: data }));
      }
      request.session.flash = 'Your choices are saved';
      return reply.redirect('/account/notifications');
    });
  };
}
