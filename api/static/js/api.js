/* The HTTP client of the public endpoints (CONTRACT.md); nothing else talks to the server. */

import { filledWages } from './state.js';

const REQUEST_TIMEOUT_MS = 120000;

export class ApiError extends Error {
  constructor(kind, status, data) {
    super(kind);
    this.kind = kind; // 'network' | 'timeout' | 'invalid' | 'http' | 'missing'
    this.status = status;
    this.data = data;
  }
}

/** GET (no body) or POST `body` to `path`; the parsed JSON answer, or an ApiError. */
export async function call(path, body, lang) {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), REQUEST_TIMEOUT_MS);
  let resp;
  try {
    resp = await fetch(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': lang },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: ctrl.signal,
    });
  } catch (e) {
    throw new ApiError(e && e.name === 'AbortError' ? 'timeout' : 'network', 0, null);
  } finally {
    clearTimeout(timer);
  }
  let data = null;
  try {
    data = await resp.json();
  } catch (e) {
    data = null;
  }
  if (resp.status === 422) throw new ApiError('invalid', 422, data);
  if (resp.status === 404 || resp.status === 405) throw new ApiError('missing', resp.status, data);
  if (!resp.ok || data === null || typeof data !== 'object') throw new ApiError('http', resp.status, data);
  return data;
}

/** The request body the endpoints share, from a session. */
export function baseBody(session, lang) {
  const body = {
    applicant: session.applicant,
    application_date: session.application_date,
    lang,
  };
  const wages = filledWages(session.reference_wages);
  if (wages) body.reference_wages = wages;
  if (session.assumptions && Object.keys(session.assumptions).length) body.assumptions = session.assumptions;
  return body;
}

export function eligibility(session, lang) {
  return call('v1/eligibility', { ...baseBody(session, lang), routes: null }, lang);
}

export function gaps(session, lang, objective) {
  return call('v1/gaps', {
    ...baseBody(session, lang),
    horizon_months: session.horizon_months,
    respect_intake_windows: session.respect_intake_windows,
    objective,
    max_plans: 3,
    routes: null,
  }, lang);
}

/**
 * The questions to ask; null when the service does not offer them (or fails on them: the
 * verdicts and plans still show, the questions panel says it could not list them).
 */
export async function questions(session, lang) {
  try {
    return await call('v1/questions', baseBody(session, lang), lang);
  } catch (e) {
    if (e instanceof ApiError && (e.kind === 'missing' || e.kind === 'http')) return { unavailable: true, questions: [] };
    throw e;
  }
}

export function catalog(lang) {
  return call('v1/routes', undefined, lang);
}

/** The PSTQ ranking scores; null when the service does not offer them. */
export async function ranking(session, lang) {
  try {
    return await call('v1/ranking', baseBody(session, lang), lang);
  } catch (e) {
    if (e instanceof ApiError && (e.kind === 'missing' || e.kind === 'http')) return null;
    throw e;
  }
}
