import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import { commentary, figures, measures } from './schema.js';

export type Measure = typeof measures.$inferSelect;
export type MeasureInsert = typeof measures.$inferInsert;
export type Figure = typeof figures.$inferSelect;
export type Commentary = typeof commentary.$inferSelect;

export const performanceRepository = {
  list(db: Db, opts: { publicOnly?: boolean } = {}) {
    return db
      .select()
      .from(measures)
      .where(opts.publicOnly ? eq(measures.isPublic, true) : undefined)
      .orderBy(asc(measures.name));
  },
  async byReference(db: Db, reference: string): Promise<Measure | undefined> {
    const [m] = await db.select().from(measures).where(eq(measures.reference, reference));
    return m;
  },
  async byId(db: Db, id: string): Promise<Measure | undefined> {
    const [m] = await db.select().from(measures).where(eq(measures.id, id));
    return m;
  },
  async insert(db: Db, values: MeasureInsert): Promise<Measure> {
    const [m] = await db.insert(measures).values(values).returning();
    return m;
  },
  async update(db: Db, id: string, values: Partial<MeasureInsert>): Promise<Measure> {
    const [m] = await db
      .update(measures)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(measures.id, id))
      .returning();
    return m;
  },
  figuresOf(db: Db, measureId: string) {
    return db.select().from(figures).where(eq(figures.measureId, measureId)).orderBy(asc(figures.period));
  },
  async figure(db: Db, measureId: string, period: string): Promise<Figure | undefined> {
    const [f] = await db
      .select()
      .from(figures)
      .where(and(eq(figures.measureId, measureId), eq(figures.period, period)));
    return f;
  },
  async upsertFigure(db: Db, measureId: string, period: string, value: number, note: string | null) {
    await db
      .insert(figures)
      .values({ measureId, period, value, note })
      .onConflictDoUpdate({ target: [figures.measureId, figures.period], set: { value, note, updatedAt: new Date() } });
  },
  commentaryOf(db: Db, measureIds: string[]) {
    if (!measureIds.length) return Promise.resolve<Commentary[]>([]);
    return db.select().from(commentary).where(inArray(commentary.measureId, measureIds)).orderBy(asc(commentary.period));
  },
  async comment(db: Db, measureId: string, period: string): Promise<Commentary | undefined> {
    const [c] = await db
      .select()
      .from(commentary)
      .where(and(eq(commentary.measureId, measureId), eq(commentary.period, period)));
    return c;
  },
  async upsertCommentary(db: Db, measureId: string, period: string, body: string, author: string) {
    await db
      .insert(commentary)
      .values({ measureId, period, body, author })
      .onConflictDoUpdate({ target: [commentary.measureId, commentary.period], set: { body, author, updatedAt: new Date() } });
  },
};
