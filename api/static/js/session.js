/* Session file, link and print: the contract's session format
 * {"pilotgap_session": 1, applicant, application_date, horizon_months, objective,
 *  reference_wages, assumptions, lang}, read strictly so a bad file changes nothing. */

import { APPLICANT_KEYS, emptyApplicant } from './state.js';
import { t } from './i18n.js';

const SESSION_KEYS = ['pilotgap_session', 'applicant', 'application_date', 'horizon_months', 'objective',
  'reference_wages', 'assumptions', 'lang', 'client_name'];
const DIPLOMA_KEYS = ['level', 'program_code', 'field', 'in_quebec', 'full_time_months', 'obtained_on', 'share_studied_in_quebec'];
const WORK_KEYS = ['noc', 'naics', 'role', 'in_quebec', 'hours_per_week', 'paid', 'authorized', 'basic_personal_care',
  'start', 'end', 'annual_salary', 'employer_in_cmm', 'sector'];
const OFFER_KEYS = ['noc', 'naics', 'role', 'sector', 'hours_per_week', 'annual_salary', 'employer_in_cmm', 'start'];
const DATE_FIELDS = new Set(['birth_date', 'assessed_on', 'obtained_on', 'start', 'end', 'application_date']);
const BOOL_FIELDS = new Set(['intends_to_settle_in_quebec', 'controls_employer', 'respected_conditions_of_stay',
  'self_sufficiency_undertaking', 'commits_to_learn_french', 'in_quebec', 'paid', 'authorized',
  'basic_personal_care', 'employer_in_cmm']);
const NUMBER_FIELDS = new Set(['full_time_months', 'share_studied_in_quebec', 'hours_per_week', 'annual_salary',
  'oral_comprehension', 'oral_production', 'horizon_months']);

/** A refusal that names the field: `path` is the dotted path in the file. */
export class SessionError extends Error {
  constructor(path, reason) {
    super(`${path}: ${reason}`);
    this.path = path;
    this.reason = reason;
  }
}

/** True for a real calendar date written YYYY-MM-DD (2023-02-30 is not). */
export function isRealDate(s) {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

function checkObject(obj, keys, path) {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new SessionError(path || 'applicant', t('err_type'));
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    const where = path ? `${path}.${k}` : k;
    if (!keys.includes(k)) throw new SessionError(where, t('err_unknown_key'));
    if (v === null) { out[k] = null; continue; }
    if (DATE_FIELDS.has(k) && !isRealDate(v)) throw new SessionError(where, t('err_date'));
    if (BOOL_FIELDS.has(k) && typeof v !== 'boolean') throw new SessionError(where, t('err_type'));
    if (NUMBER_FIELDS.has(k) && (typeof v !== 'number' || !Number.isFinite(v))) throw new SessionError(where, t('err_type'));
    if (!DATE_FIELDS.has(k) && !BOOL_FIELDS.has(k) && !NUMBER_FIELDS.has(k) && typeof v !== 'string'
      && !['french', 'diplomas', 'work_history', 'job_offer'].includes(k)) throw new SessionError(where, t('err_type'));
    out[k] = v;
  }
  for (const k of keys) if (!(k in out)) out[k] = null;
  return out;
}

/** An Applicant checked field by field (unknown keys, impossible dates and wrong types refused). */
export function readApplicant(raw, path = 'applicant') {
  const base = checkObject(raw, APPLICANT_KEYS, path);
  const a = { ...emptyApplicant(), ...base };
  if (a.french !== null) {
    a.french = checkObject(a.french, ['oral_comprehension', 'oral_production', 'assessed_on'], `${path}.french`);
    for (const k of ['oral_comprehension', 'oral_production']) {
      const v = a.french[k];
      if (v !== null && !(Number.isInteger(v) && v >= 1 && v <= 12)) throw new SessionError(`${path}.french.${k}`, t('err_level'));
    }
  }
  for (const [list, keys] of [['diplomas', DIPLOMA_KEYS], ['work_history', WORK_KEYS]]) {
    if (a[list] === null) { a[list] = []; continue; }
    if (!Array.isArray(a[list])) throw new SessionError(`${path}.${list}`, t('err_type'));
    a[list] = a[list].map((row, i) => checkObject(row, keys, `${path}.${list}.${i}`));
  }
  if (a.job_offer !== null) a.job_offer = checkObject(a.job_offer, OFFER_KEYS, `${path}.job_offer`);
  return a;
}

/**
 * A session from a parsed file: a session file, or a bare Applicant (a profile file).
 * Throws SessionError naming the first bad field; returns {session, lang}.
 */
export function readSession(data, defaults) {
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new SessionError('', t('err_file_shape'));
  if (!('pilotgap_session' in data)) {
    return { session: { ...defaults, applicant: readApplicant(data, '') }, lang: null };
  }
  if (data.pilotgap_session !== 1) throw new SessionError('pilotgap_session', t('err_version'));
  for (const k of Object.keys(data)) if (!SESSION_KEYS.includes(k)) throw new SessionError(k, t('err_unknown_key'));
  const s = { ...defaults, applicant: readApplicant(data.applicant) };
  if (data.application_date !== undefined && data.application_date !== null) {
    if (!isRealDate(data.application_date)) throw new SessionError('application_date', t('err_date'));
    s.application_date = data.application_date;
  }
  if (data.horizon_months !== undefined && data.horizon_months !== null) {
    if (!Number.isInteger(data.horizon_months)) throw new SessionError('horizon_months', t('err_type'));
    s.horizon_months = data.horizon_months;
  }
  if (data.objective !== undefined && data.objective !== null) {
    if (!['earliest', 'least_effort'].includes(data.objective)) throw new SessionError('objective', t('err_type'));
    s.objective = data.objective;
  }
  if (data.reference_wages !== undefined && data.reference_wages !== null) {
    const w = data.reference_wages;
    if (typeof w !== 'object' || Array.isArray(w)) throw new SessionError('reference_wages', t('err_type'));
    for (const [k, v] of Object.entries(w)) if (typeof v !== 'number') throw new SessionError(`reference_wages.${k}`, t('err_type'));
    s.reference_wages = Object.keys(w).length ? { ...w } : null;
  }
  if (data.assumptions !== undefined && data.assumptions !== null) {
    const as = data.assumptions;
    if (typeof as !== 'object' || Array.isArray(as)) throw new SessionError('assumptions', t('err_type'));
    for (const [k, v] of Object.entries(as)) if (typeof v !== 'boolean') throw new SessionError(`assumptions.${k}`, t('err_type'));
    s.assumptions = { ...as };
  }
  if (typeof data.client_name === 'string') s.client_name = data.client_name;
  const lang = data.lang === 'fr' || data.lang === 'en' ? data.lang : null;
  return { session: s, lang };
}

/** The contract's session file for `session` in `lang`. */
export function sessionFile(session, lang) {
  const out = {
    pilotgap_session: 1,
    applicant: session.applicant,
    application_date: session.application_date,
    horizon_months: session.horizon_months,
    objective: session.objective,
    reference_wages: session.reference_wages,
    assumptions: session.assumptions || {},
    lang,
  };
  if (session.client_name) out.client_name = session.client_name;
  return out;
}

export function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(s) {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** The link that opens `session`: the page's address with #session=<base64url>, no padding. */
export function sessionLink(session, lang) {
  const url = new URL(window.location.href);
  url.hash = `session=${toBase64Url(JSON.stringify(sessionFile(session, lang)))}`;
  return url.toString();
}

/** The session JSON in a fragment, or null when the fragment holds none. */
export function fragmentSession(hash) {
  const m = /^#session=([A-Za-z0-9_-]+)$/.exec(hash || '');
  return m ? m[1] : null;
}

/** Save `text` as a file named `name`. */
export function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Print one route's client plan: the print stylesheet shows only `#print-sheet`. */
export function printSheet() {
  document.body.classList.add('printing');
  const done = () => {
    document.body.classList.remove('printing');
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}
