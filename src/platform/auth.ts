import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Actor, Role } from './roles.js';
import { PUBLIC_ACTOR, isRole } from './roles.js';
import type { PublicUser, UsersService } from './identity/usersService.js';
import { HttpError } from './http.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: PublicUser | null;
    actor: Actor;
  }
  interface FastifyReply {
    /** Merged into every view's data by @fastify/view. */
    locals: Record<string, unknown>;
  }
}
declare module '@fastify/session' {
  interface FastifySessionObject {
    userId?: string;
    flash?: string;
    /** Signed in with a password while two-step verification is required and not yet set up. */
    mustSetUpTwoStep?: boolean;
    /** Password accepted; waiting for the code of this account's authenticator app. */
    twoStepUserId?: string;
    /** Where to go once signed in (kept across two-step verification and the identity provider). */
    returnTo?: string;
    /** The TOTP secret being set up, until a code from the app confirms it. */
    twoStepSetupSecret?: string;
    /** State, nonce and PKCE verifier of a sign-in through the identity provider. */
    oidc?: { state: string; nonce: string; codeVerifier: string; returnTo: string };
  }
}

export function actorFor(user: PublicUser | null, requestId?: string): Actor {
  if (!user) return { ...PUBLIC_ACTOR, requestId };
  return {
    id: user.id,
    label: user.email,
    role: isRole(user.role) ? user.role : null,
    organisation: user.organisation,
    requestId,
  };
}

/** Loads the signed-in person (if any) from the session for every request. */
export function loadUser(users: UsersService): preHandlerAsyncHookHandler {
  return async function (request) {
    request.user = null;
    const userId = request.session?.userId;
    if (userId) {
      const user = await users.get(userId);
      if (user && user.status === 'active') request.user = user;
      else request.session.userId = undefined;
    }
    request.actor = actorFor(request.user, request.id);
  };
}

function wantsHtml(request: FastifyRequest) {
  return !request.url.startsWith('/api/');
}

/** Refuses anyone not signed in: pages redirect to sign-in, the API answers 401. */
export async function requireSignIn(request: FastifyRequest, reply: FastifyReply) {
  if (request.user) return requireTwoStepSetUp(request, reply);
  return refuseSignedOut(request, reply);
}

/** Signed in, whether or not two-step verification still has to be set up (for the pages that set it up). */
export async function requireSignInOnly(request: FastifyRequest, reply: FastifyReply) {
  if (!request.user) return refuseSignedOut(request, reply);
}

/** Where two-step verification is required, nothing else is open until it is set up. */
async function requireTwoStepSetUp(request: FastifyRequest, reply: FastifyReply) {
  if (!request.session?.mustSetUpTwoStep) return;
  if (wantsHtml(request) && request.method === 'GET') return reply.redirect('/account/two-step');
  throw new HttpError(403, 'Set up two-step verification first', 'Your organisation requires two-step verification. Set it up at /account/two-step.');
}

async function refuseSignedOut(request: FastifyRequest, reply: FastifyReply) {
  if (wantsHtml(request) && request.method === 'GET') {
    return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`);
  }
  throw new HttpError(401, 'Sign in required', 'You need to sign in to do this');
}

/**
 * A preHandler that lets through only people whose role passes `check` (a module's permission
 * function). Declared where each route is registered.
 */
export function requirePermission(check: (role: Role | null) => boolean): preHandlerAsyncHookHandler {
  return async function (request, reply) {
    if (!request.user) return requireSignIn(request, reply);
    await requireTwoStepSetUp(request, reply);
    if (reply.sent) return reply;
    if (!check(request.actor.role)) {
      throw new HttpError(403, 'You do not have permission to do this', 'Your role does not allow this.');
    }
  };
}
