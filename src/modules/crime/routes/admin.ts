import type { FastifyInstance, FastifyReply } from 'fastify';
import { idParams, typedRoutes } from '../../../platform/typedRoutes.js';
import { actorFor, requirePermission } from '../../../platform/auth.js';
import { recordAudit } from '../../../platform/audit.js';
import type { Platform } from '../../../platform/context.js';
import { readUpload, type FieldError } from '../../../platform/forms.js';
import { notFound } from '../../../platform/http.js';
import { crimePermissions as perms, type CrimeAction } from '../crimePermissions.js';
import { importJobPayload } from '../importTypes.js';
import { parseFileName } from '../months.js';
import { importDetail, importRow, jobProgress } from '../presenters/imports.js';
import type { CrimeServiceImpl } from '../crimeService.js';

const allowed = (action: CrimeAction) => ({ preHandler: requirePermission((r) => perms.can(r, action)) });

/** Largest upload accepted (a national month of street files zipped is about 70 MB). */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

export function adminRoutes(platform: Platform, service: CrimeServiceImpl) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    app.get('/admin/crime', allowed('crime:view-imports'), async (request, reply) => {
      const [imports, forces] = await Promise.all([service.listImports(200), service.forcesWithData()]);
      return reply.view('crime/views/imports.njk', {
        title: 'Crime data',
        imports: imports.map(importRow),
        forces,
        canImport: perms.can(request.actor.role, 'crime:import'),
      });
    });

    app.get('/admin/crime/imports/:id', { ...allowed('crime:view-imports'), schema: { params: idParams } }, async (request, reply) => {
      const rec = await service.getImport(request.params.id);
      if (!rec) throw notFound('No such import');
      const d = importDetail(rec);
      return reply.view('crime/views/import-detail.njk', { title: d.fileName, d });
    });

    const renderUpload = (reply: FastifyReply, o: { errors?: FieldError[]; status?: number } = {}) =>
      reply.status(o.status ?? 200).view('crime/views/upload.njk', { title: 'Import police.uk files', errors: o.errors ?? [], values: {} });

    app.get('/admin/crime/import', allowed('crime:import'), async (_request, reply) => renderUpload(reply));

    app.post('/admin/crime/import', allowed('crime:import'), async (request, reply) => {
      let file: { name: string; data: Buffer } | undefined;
      let tooBig = false;
      if (request.isMultipart()) ({ file, tooBig } = await readUpload(request, MAX_UPLOAD_BYTES));
      if (tooBig) return renderUpload(reply, { status: 400, errors: [{ field: 'crimeFile', message: 'The file must be 200 MB or smaller' }] });
      if (!file) return renderUpload(reply, { status: 400, errors: [{ field: 'crimeFile', message: 'Choose a police.uk CSV file or a zip of them' }] });
      const base = file.name.split(/[\\/]/).pop() ?? file.name;
      const isZip = /\.zip$/i.test(base);
      if (!isZip && !parseFileName(base.replace(/\.gz$/i, ''))) {
        return renderUpload(reply, {
          status: 400,
          errors: [
            {
              field: 'crimeFile',
              message: 'The file name must be as police.uk names it, YYYY-MM-<force>-<street|outcomes|stop-and-search>.csv, or a .zip of such files',
            },
          ],
        });
      }
      const stored = await platform.storage.put(file.data, base);
      const actor = actorFor(request.user ?? null, request.id);
      // The job and its audit row are written together (one transaction): neither without the other.
      const jobId = await platform.jobs.enqueue('crime.import', { key: stored.key, name: base, actor }, actor.id, (tx, id) =>
        recordAudit(tx, actor, {
          action: 'crime.upload',
          entityType: 'crime-import-job',
          entityId: id,
          summary: `Uploaded ${base} (${stored.size} bytes) for import`,
        }),
      );
      return reply.redirect(`/admin/crime/jobs/${jobId}`, 303);
    });

    app.get('/admin/crime/jobs/:id', { ...allowed('crime:import'), schema: { params: idParams } }, async (request, reply) => {
      const job = await platform.jobs.get(request.params.id);
      if (!job || job.kind !== 'crime.import') throw notFound('No such import');
      const p = jobProgress(job);
      const files = p.running ? [] : (await service.importsOfBatch(job.id)).map(importRow);
      return reply.view('crime/views/job.njk', {
        title: 'Import progress',
        p,
        files,
        jobId: job.id,
        fileName: importJobPayload.shape.name.safeParse(Reflect.get(Object(job.payload), 'name')).data ?? '',
        needsReplace: files.filter((f) => f.needsReplace),
        imported: files.some((f) => f.status === 'done'),
      });
    });

    // The confirmation: the same stored file imported again, replacing what it would remove.
    app.post('/admin/crime/jobs/:id/replace', { ...allowed('crime:import'), schema: { params: idParams } }, async (request, reply) => {
      const job = await platform.jobs.get(request.params.id);
      if (!job || job.kind !== 'crime.import') throw notFound('No such import');
      const payload = importJobPayload.parse(job.payload);
      const actor = actorFor(request.user ?? null, request.id);
      const jobId = await platform.jobs.enqueue('crime.import', { key: payload.key, name: payload.name, actor, replace: true }, actor.id, (tx, id) =>
        recordAudit(tx, actor, {
          action: 'crime.replace',
          entityType: 'crime-import-job',
          entityId: id,
          summary: `Confirmed replacing the data with ${payload.name}`,
        }),
      );
      return reply.redirect(`/admin/crime/jobs/${jobId}`, 303);
    });
  };
}
