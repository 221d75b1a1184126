import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import type { Role } from '../roles.js';
import { users } from '../schema.js';

export type User = typeof users.$inferSelect;
export type UserInsert = typeof users.$inferInsert;

/** SQL of the accounts only: every function takes the database or a transaction. */
export const usersRepository = {
  list(db: Db): Promise<User[]> {
    return db.select().from(users).orderBy(asc(users.name));
  },
  async byId(db: Db, id: string): Promise<User | undefined> {
    const [u] = await db.select().from(users).where(eq(users.id, id));
    return u;
  },
  async byEmail(db: Db, email: string): Promise<User | undefined> {
    const [u] = await db.select().from(users).where(eq(users.email, email));
    return u;
  },
  async emailTaken(db: Db, email: string): Promise<boolean> {
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    return Boolean(existing);
  },
  byRole(db: Db, role: Role): Promise<User[]> {
    return db.select().from(users).where(eq(users.role, role)).orderBy(asc(users.name));
  },
  async byInviteTokenHash(db: Db, tokenHash: string): Promise<User | undefined> {
    const [u] = await db.select().from(users).where(eq(users.inviteTokenHash, tokenHash));
    return u;
  },
  async insert(db: Db, values: UserInsert): Promise<User> {
    const [u] = await db.insert(users).values(values).returning();
    return u;
  },
  async update(db: Db, id: string, set: Partial<UserInsert>): Promise<User> {
    const [u] = await db.update(users).set(set).where(eq(users.id, id)).returning();
    return u;
  },
};
