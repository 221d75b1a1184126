import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Actor } from '../../platform/roles.js';
import type { Force } from '../geography/types.js';
import type { CrimeProblem } from './importChecks.js';
import type { CrimeKind } from './months.js';

/** A file to import: its name (which carries month, force and kind) and a way to read it. */
export interface ImportSource {
  name: string;
  /** Bytes, when known (for progress). */
  size?: number;
  open(): Promise<Readable> | Readable;
  /**
   * The bytes read into one buffer used again for every piece (no new memory per read): a piece
   * is good only until the next is asked for. Used where the reader copies what it keeps (PGlite).
   */
  readReusing?(): AsyncIterable<Buffer>;
}

export interface FileSummary {
  id: string;
  fileName: string;
  force: string;
  month: string;
  kind: CrimeKind | string;
  status: 'done' | 'failed';
  rows: number;
  /**
   * Rows left out of an imported file: none, since a wrong row refuses the whole file and rows
   * repeating a Crime ID are kept (imports recorded before that show their rejections).
   */
  rejected: number;
  /** Rows kept that look odd (no location, old codes, repeated Crime IDs, …). */
  anomalies: { kind: string; message: string; count: number; sample: string[] }[];
  errors: CrimeProblem[];
  millis: number;
  /** Milliseconds per phase (copy, summarise, crime-ids, check, notes, save), for benchmarks and the CLI. */
  phases: Record<string, number>;
}

export interface ImportProgress {
  file: string;
  fileIndex: number;
  files: number;
  bytes: number;
  totalBytes?: number;
  phase: 'loading' | 'checking' | 'saving' | 'done' | 'failed';
}

export interface ImportOptions {
  actor: Actor;
  source: 'cli' | 'upload' | 'demo' | 'bench' | 'test';
  batchId?: string;
  onProgress?: (p: ImportProgress) => void | Promise<void>;
  /** Bytes per COPY; smaller keeps memory low on PGlite, which buffers each COPY. */
  chunkBytes?: number;
  /**
   * On PGlite, no new memory per chunk (the command line's choice; see ADR 0011), at the cost of
   * slower COPYs: PGlite reads the reused (resizable) buffer more slowly than a fresh one.
   */
  lowMemory?: boolean;
  /** Import even a file that is empty or would remove more than half of what is held (the confirmation). */
  replace?: boolean;
}

export interface ImportDeps {
  forces(): Promise<Force[]>;
  /** Makes sure crime_area_map reflects the current geography. */
  ensureAreaMap(): Promise<void>;
}

/** What a queued import job carries: the stored file, its name, who asked, and the confirmation. */
export const importJobPayload = z.object({
  key: z.string(),
  name: z.string(),
  actor: z.custom<Actor>((v) => typeof v === 'object' && v !== null && 'label' in v),
  replace: z.boolean().optional(),
});
