/** The roles of product.md. Their display names can be changed in settings; the keys cannot. */
export const ROLES = ['admin', 'editor', 'analyst', 'force-lead', 'commissioner', 'panel-member'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  editor: 'OPCC editor',
  analyst: 'OPCC analyst',
  'force-lead': 'Force lead',
  commissioner: 'Commissioner',
  'panel-member': 'Panel member',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && ROLES.some((r) => r === value);
}

/** A role read back from storage (a text column): the role, or none when it is not one of ROLES. */
export function roleOf(value: string | null | undefined): Role | null {
  return isRole(value) ? value : null;
}

/** Who is doing something: a signed-in person, the system (jobs, imports) or the public. */
export interface Actor {
  id: string | null;
  label: string;
  role: Role | null;
  organisation?: string | null;
  requestId?: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, label: 'system', role: null };
export const PUBLIC_ACTOR: Actor = { id: null, label: 'public', role: null };

/**
 * A permission table: action → the roles allowed. Each module declares one in its
 * *Permissions.ts and tests it as a table. Unknown actions are refused.
 */
export type PermissionTable<A extends string> = Record<A, readonly Role[]>;

/** The actions of a table, in its order (its own keys are exactly its actions). */
function keysOf<A extends string>(table: PermissionTable<A>): A[] {
  const actions: A[] = [];
  for (const key in table) if (Object.hasOwn(table, key)) actions.push(key);
  return actions;
}

export function definePermissions<A extends string>(table: PermissionTable<A>) {
  return {
    table,
    actions: keysOf(table),
    can(role: Role | null | undefined, action: A): boolean {
      if (!role) return false;
      const allowed = table[action];
      return Array.isArray(allowed) && allowed.includes(role);
    },
  };
}
export type Permissions<A extends string> = ReturnType<typeof definePermissions<A>>;
