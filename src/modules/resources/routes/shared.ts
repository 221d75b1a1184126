import type { FastifyReply } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import { dispositionOf } from '../../../platform/download.js';

export function sendCsv(reply: FastifyReply, filename: string, columns: string[], rows: unknown[][]) {
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', dispositionOf(filename));
  return reply.send(stringify([columns, ...rows]));
}

/** Pence as a plain decimal string for open data ("1234.50"). */
export const poundsDecimal = (pence: number) => `${pence < 0 ? '-' : ''}${Math.floor(Math.abs(pence) / 100)}.${String(Math.abs(pence) % 100).padStart(2, '0')}`;

/** The Specified Information Order thresholds for publication. */
export const SPENDING_THRESHOLD_PENCE = 50_000;
export const CONTRACT_THRESHOLD_PENCE = 1_000_000;
