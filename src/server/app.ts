import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { HTTPException } from 'hono/http-exception';
import { serveStatic } from '@hono/node-server/serve-static';
import type { ZodError } from 'zod';
import { TAXONOMY, TECHNIQUES } from '../pipeline/techniques/taxonomy.ts';
import { componentNames } from '../pipeline/registry.ts';
import { REPORT_VERSION } from '../report/schema.ts';
import { ApiError, errorResponse } from './errors.ts';
import { AnalyzeRequestSchema, MatchRequestSchema } from './schemas.ts';
import { buildOpenApi } from './openapi.ts';
import type { WorkerPool } from './pool.ts';
import { REPO_ROOT } from '../learn/data.ts';
import { fmtSize } from '../io/input.ts';

export const WEB_DIST = join(REPO_ROOT, 'web/dist');

/** What a request body may hold beyond its article: the JSON around the text (other fields, escapes). */
export const JSON_HEADROOM_BYTES = 64 * 1024;

export interface AppOptions {
  pool: WorkerPool;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Folder with the built web page (default web/dist). */
  webDir?: string;
}

/**
 * The whole page is same-origin static files, so the policy can forbid everything else: no
 * inline script or style, no plugins, no framing, no form posts, no third-party connections.
 */
const CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  manifestSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
};

/** The methods each API path answers; a route of the same method above takes the request first. */
const ALLOWED_METHODS: Record<string, string> = {
  '/v1/analyze': 'POST',
  '/v1/match': 'POST',
  '/v1/techniques': 'GET, HEAD',
  '/v1/health': 'GET, HEAD',
  '/openapi.json': 'GET, HEAD',
};

export function createApp(opts: AppOptions): Hono {
  const app = new Hono();
  app.use('*', secureHeaders({ contentSecurityPolicy: CSP, crossOriginEmbedderPolicy: false }));
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: opts.maxBodyBytes,
      onError: (c) => errorResponse(c, 413, 'payload_too_large', `request body is over the ${fmtSize(opts.maxBodyBytes)} limit`),
    }),
  );

  app.post('/v1/analyze', async (c) => {
    const req = parseWith(AnalyzeRequestSchema, await readJson(c));
    if ((req.text === undefined) === (req.html === undefined)) {
      throw new ApiError(400, 'invalid_request', 'send exactly one of "text" or "html"');
    }
    if (!(req.text ?? req.html)!.trim()) throw new ApiError(400, 'empty_text', 'the article text is empty');
    return c.json(await opts.pool.run(req));
  });

  app.post('/v1/match', async (c) => {
    const req = parseWith(MatchRequestSchema, await readJson(c));
    if (!req.text.trim()) throw new ApiError(400, 'empty_text', 'the text is empty');
    return c.json(await opts.pool.match(req));
  });

  app.get('/v1/techniques', (c) =>
    c.json({ techniques: TECHNIQUES.map((t) => TAXONOMY[t]) }),
  );

  app.get('/v1/health', (c) =>
    c.json({ status: 'ok' as const, version: REPORT_VERSION, components: componentNames(), ...opts.pool.stats, maxArticleBytes: Math.max(0, opts.maxBodyBytes - JSON_HEADROOM_BYTES) }),
  );

  const openapi = buildOpenApi();
  app.get('/openapi.json', (c) => c.json(openapi));

  // Any other method on a known endpoint is a 405 that names the allowed ones (RFC 9110 asks for
  // `Allow`); an unknown path under /v1/ is a 404 whatever the method.
  app.all('*', (c, next) => {
    const allowed = ALLOWED_METHODS[c.req.path];
    if (allowed) throw new ApiError(405, 'method_not_allowed', `${c.req.method} is not allowed on ${c.req.path} (allowed: ${allowed})`, { Allow: allowed });
    if (c.req.path.startsWith('/v1/')) throw new ApiError(404, 'not_found', `no such endpoint: ${c.req.path}`);
    return next();
  });

  const webDir = opts.webDir ?? WEB_DIST;
  if (existsSync(webDir)) {
    // Hashed asset names never change content, so browsers may keep them.
    app.use('/assets/*', async (c, next) => {
      await next();
      if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    });
    app.use('/*', serveStatic({ root: webDir }));
  }

  app.notFound((c) => errorResponse(c, 404, 'not_found', `no such page: ${c.req.path}`));
  app.onError((err, c) => {
    if (err instanceof ApiError) return errorResponse(c, err.status, err.code, err.message, err.headers);
    if (err instanceof HTTPException) {
      if (err.status === 413) return errorResponse(c, 413, 'payload_too_large', 'request body is too large');
      return errorResponse(c, err.status as 400, 'bad_request', err.message || 'bad request');
    }
    console.error(`unspin serve: internal error on ${c.req.method} ${c.req.path}: ${(err as Error)?.message ?? err}`);
    return errorResponse(c, 500, 'internal', 'internal server error');
  });
  return app;
}

async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  // application/json or a +json type, with parameters or none (not application/json-seq).
  if (!/^application\/([^;\s]+\+)?json\s*(;|$)/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'send the body as JSON with Content-Type: application/json');
  }
  const encoding = (c.req.header('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') {
    throw new ApiError(415, 'unsupported_media_type', `a ${encoding}-encoded body is not accepted: send the JSON uncompressed`);
  }
  // JSON travels as UTF-8 (RFC 8259). Decoded strictly: a Latin-1 body would otherwise reach the
  // analysis with its accented letters turned into U+FFFD, and offsets that no longer fit it.
  let raw: string;
  try {
    raw = new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
  } catch {
    throw new ApiError(400, 'invalid_encoding', 'the body is not valid UTF-8 (JSON is sent as UTF-8)');
  }
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new ApiError(400, 'invalid_json', `the body is not valid JSON (${(e as Error).message})`);
  }
}

function parseWith<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError } }, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const msg = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`).join('; ');
  throw new ApiError(400, 'invalid_request', msg);
}
