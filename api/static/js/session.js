/* Session file, link and print: the contract's session format
 * {"pilotgap_session": 1, applicant, application_date, horizon_months, objective,
 *  reference_wages, assumptions, lang}, read strictly so a bad file changes nothing. */

import { emptyApplicant } from './state.js';
import { t } from './i18n.js';

const SESSION_KEYS = ['pilotgap_session', 'applicant', 'application_date', 'horizon_months', 'objective',
  'reference_wages', 'assumptions', 'lang', 'client_name'];
// Each object's fields and their kinds: date, bool, num, level (1-12), str, or a nested schema.
const FRENCH = { oral_comprehension: 'level', oral_production: 'level', written_comprehension: 'level',
  written_production: 'level', assessed_on: 'date' };
const DIPLOMA = { level: 'str', program_code: 'str', field: 'str', in_quebec: 'bool', full_time_months: 'num',
  obtained_on: 'date', share_studied_in_quebec: 'num', hours: 'num' };
const WORK = { noc: 'str', naics: 'str', role: 'str', in_quebec: 'bool', hours_per_week: 'num', paid: 'bool',
  authorized: 'bool', basic_personal_care: 'bool', start: 'date', end: 'date', annual_salary: 'num',
  employer_in_cmm: 'bool', sector: 'str', internship: 'bool', self_employed: 'bool' };
const OFFER = { noc: 'str', naics: 'str', role: 'str', sector: 'str', hours_per_week: 'num', annual_salary: 'num',
  employer_in_cmm: 'bool', start: 'date', validated: 'bool' };
const SPOUSE = { accompanying: 'bool', birth_date: 'date', french: FRENCH, diplomas: [DIPLOMA], work_history: [WORK] };
const APPLICANT = {
  birth_date: 'date', status_in_quebec: 'str', intends_to_settle_in_quebec: 'bool', controls_employer: 'bool',
  respected_conditions_of_stay: 'bool', self_sufficiency_undertaking: 'bool', commits_to_learn_french: 'bool',
  expert_committee_opinion: 'str', french: FRENCH, diplomas: [DIPLOMA], work_history: [WORK], job_offer: OFFER,
  spouse: SPOUSE, family_in_quebec: { applicant: 'bool', spouse: 'bool' },
  authorizations: [{ noc: 'str', kind: 'str', obtained_on: 'date' }],
  exceptional_talent: { partner_opinion: 'str', partner: 'str', exceptional_achievement: 'bool' },
  residence_history: [{ start: 'date', end: 'date', in_quebec: 'bool', in_cmm: 'bool' }],
  study_history: [{ start: 'date', end: 'date', in_quebec: 'bool', in_cmm: 'bool', full_time: 'bool', led_to_diploma: 'bool' }],
  principal_noc: 'str',
};

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

/** A value checked against its kind (a schema object, a list of one schema, or a scalar kind). */
function checkValue(v, kind, where) {
  if (v === null) return null;
  if (Array.isArray(kind)) {
    if (!Array.isArray(v)) throw new SessionError(where, t('err_type'));
    return v.map((row, i) => checkObject(row, kind[0], `${where}.${i}`));
  }
  if (typeof kind === 'object') return checkObject(v, kind, where);
  if (kind === 'date' && !isRealDate(v)) throw new SessionError(where, t('err_date'));
  if (kind === 'bool' && typeof v !== 'boolean') throw new SessionError(where, t('err_type'));
  if ((kind === 'num' || kind === 'level') && (typeof v !== 'number' || !Number.isFinite(v))) throw new SessionError(where, t('err_type'));
  if (kind === 'level' && !(Number.isInteger(v) && v >= 1 && v <= 12)) throw new SessionError(where, t('err_level'));
  if (kind === 'str' && typeof v !== 'string') throw new SessionError(where, t('err_type'));
  return v;
}

function checkObject(obj, schema, path) {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new SessionError(path || 'applicant', t('err_type'));
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    const where = path ? `${path}.${k}` : k;
    if (!(k in schema)) throw new SessionError(where, t('err_unknown_key'));
    out[k] = checkValue(v, schema[k], where);
  }
  for (const [k, kind] of Object.entries(schema)) if (!(k in out)) out[k] = Array.isArray(kind) ? [] : null;
  return out;
}

/** An Applicant checked field by field (unknown keys, impossible dates and wrong types refused). */
export function readApplicant(raw, path = 'applicant') {
  const a = { ...emptyApplicant(), ...checkObject(raw, APPLICANT, path) };
  for (const [k, kind] of Object.entries(APPLICANT)) if (Array.isArray(kind) && a[k] === null) a[k] = [];
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

// Fields added in v3: left out of a file while unknown (absent = unknown), so that older
// profiles round-trip unchanged.
const V3_FIELDS = {
  '': ['spouse', 'family_in_quebec', 'authorizations', 'exceptional_talent', 'residence_history', 'study_history', 'principal_noc'],
  french: ['written_comprehension', 'written_production'],
  diplomas: ['hours'],
  work_history: ['internship', 'self_employed'],
  job_offer: ['validated'],
};

function drop(obj, keys) {
  if (!obj || typeof obj !== 'object') return obj;
  const out = { ...obj };
  for (const k of keys) if (out[k] === null || (Array.isArray(out[k]) && !out[k].length)) delete out[k];
  return out;
}

/** The applicant without the v3 fields that are still unknown. */
export function compactApplicant(a) {
  const out = drop(structuredClone(a), V3_FIELDS['']);
  if (out.french) out.french = drop(out.french, V3_FIELDS.french);
  if (Array.isArray(out.diplomas)) out.diplomas = out.diplomas.map((d) => drop(d, V3_FIELDS.diplomas));
  if (Array.isArray(out.work_history)) out.work_history = out.work_history.map((w) => drop(w, V3_FIELDS.work_history));
  if (out.job_offer) out.job_offer = drop(out.job_offer, V3_FIELDS.job_offer);
  return out;
}

/** The contract's session file for `session` in `lang`. */
export function sessionFile(session, lang) {
  const out = {
    pilotgap_session: 1,
    applicant: compactApplicant(session.applicant),
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
