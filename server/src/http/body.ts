import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.js';

/** Deeper than any request body the product takes (a scoring rule set is the deepest, at 4 levels). */
export const MAX_JSON_DEPTH = 32;

/**
 * C0 control characters other than tab, line feed and carriage return, and UTF-16 surrogates without their other
 * half: no person types them, PostgreSQL cannot store NUL, and a lone surrogate has no UTF-8 form.
 */
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasForbiddenChars(s: string): boolean {
  return FORBIDDEN_CHARS.test(s);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** What is wrong with a parsed JSON value, if anything: too deep, or text no person could have typed. */
export function checkJsonValue(value: unknown, maxDepth = MAX_JSON_DEPTH): 'depth' | 'chars' | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (hasForbiddenChars(v)) return 'chars';
    } else if (v !== null && typeof v === 'object') {
      if (depth >= maxDepth) return 'depth';
      if (Array.isArray(v)) for (const x of v) stack.push([x, depth + 1]);
      else
        for (const [k, x] of Object.entries(v)) {
          if (hasForbiddenChars(k)) return 'chars';
          stack.push([x, depth + 1]);
        }
    }
  }
  return null;
}

/**
 * JSON bodies are read as bytes and refused unless they are well-formed UTF-8 (Node would silently turn bad bytes
 * into U+FFFD), valid JSON without prototype keys, at most MAX_JSON_DEPTH deep, and free of control characters.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  // Nothing here takes plain text; a cross-site form can send it without a preflight.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new AppError('TEXT_INVALID', 400, {}, [{ field: null, message: 'body is not valid UTF-8' }]), undefined);
      return;
    }
    parseJson(req, text, (err, value) => {
      if (err) return done(err, undefined);
      const problem = checkJsonValue(value);
      if (problem === 'depth') return done(new AppError('BODY_MALFORMED', 400, {}, [{ field: null, message: `nested deeper than ${MAX_JSON_DEPTH}` }]), undefined);
      if (problem === 'chars') return done(new AppError('TEXT_INVALID', 400, {}, [{ field: null, message: 'control characters or broken surrogates in text' }]), undefined);
      done(null, value);
    });
  });
}

/** The raw bytes of an uploaded file (a route that consumes a file, not JSON): 415 for anything else, 400 if empty. */
export function uploadedFile(req: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(req.body)) {
    if (req.body === undefined || req.body === null || req.body === '') throw new AppError('FILE_REQUIRED', 400);
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415);
  }
  if (req.body.length === 0) throw new AppError('FILE_REQUIRED', 400);
  return req.body;
}
