/* The page's strings: catalogues api/static/i18n/{en,fr}.json, and the formatting of values. */

const catalogues = { en: {}, fr: {} };
let current = 'en';

/** Load both catalogues once, before the first render. */
export async function loadCatalogues(base) {
  const [en, fr] = await Promise.all(['en', 'fr'].map((l) => fetch(`${base}i18n/${l}.json`).then((r) => r.json())));
  catalogues.en = en;
  catalogues.fr = fr;
}

export function setLang(lang) {
  current = lang === 'fr' ? 'fr' : 'en';
  document.documentElement.lang = current;
}

export function lang() {
  return current;
}

/** The string `key` in the page's language with `{name}` placeholders filled in. */
export function t(key, vars) {
  const table = catalogues[current];
  let s = key in table ? table[key] : key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

export function has(key) {
  return key in catalogues[current];
}

/** A value given in both languages ({en, fr}) by the service. */
export function pickText(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return v[current] || v.en || '';
}

function locale() {
  return current === 'fr' ? 'fr-CA' : 'en-CA';
}

export function fmtNumber(n, digits = 1) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return String(n);
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(n);
}

export function fmtMoney(n) {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'CAD', maximumFractionDigits: 0 }).format(n);
}

export const STATUS_VALUES = ['worker', 'youth_exchange', 'spouse_open_work_permit', 'student', 'visitor', 'abroad', 'other'];
export const OPINION_VALUES = ['favourable', 'unfavourable'];
export const DIPLOMA_LEVELS = ['secondary', 'vocational', 'college', 'college_technical', 'university_certificate', 'bachelor',
  'graduate_diploma', 'master', 'doctorate', 'medical_specialty'];
export const PARTNERS = ['calq', 'frq', 'ins'];
export const AUTH_KINDS = ['authorization', 'full_recognition', 'partial_recognition'];

/** A lever in plain words (never its id). */
export function leverLabel(lever) {
  const s = String(lever);
  if (s.startsWith('declaration.')) {
    if (has(`lever_${s}`)) return t(`lever_${s}`);
    return t('lever_declaration_other');
  }
  return has(`lever_${s}`) ? t(`lever_${s}`) : t('lever_other');
}

/** A lever's value in plain words. */
export function fmtValue(lever, v) {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? t('opt_yes') : t('opt_no');
  if (typeof v === 'number') return lever === 'salary' ? fmtMoney(v) : fmtNumber(v, 2);
  if (typeof v === 'object') {
    if (typeof v.level === 'string' && DIPLOMA_LEVELS.includes(v.level)) return t(`level_${v.level}`);
    if (typeof v.kind === 'string' && AUTH_KINDS.includes(v.kind)) return typeof v.noc === 'string' ? t('auth_for', { k: t(`auth_${v.kind}`), n: v.noc }) : t(`auth_${v.kind}`);
    if (typeof v.noc === 'string') return t('value_noc', { n: v.noc });
    return t('value_other');
  }
  if (has(`value_${lever}_${v}`)) return t(`value_${lever}_${v}`);
  if ((lever === 'exceptional_talent_opinion' || lever === 'expert_committee_opinion') && OPINION_VALUES.includes(v)) return t(`opinion_${v}`);
  if (lever === 'status_in_quebec' && STATUS_VALUES.includes(v)) return t(`status_${v}`);
  if (lever === 'expert_committee_opinion' && OPINION_VALUES.includes(v)) return t(`opinion_${v}`);
  if (lever === 'diploma' && DIPLOMA_LEVELS.includes(v)) return t(`level_${v}`);
  if (lever === 'french.retest') return t('lever_french.retest');
  if (/^\d{4}-\d{2}-\d{2}$/.test(v) || /^\d+$/.test(v)) return v;
  return t('value_other');
}

/** "[REG] I-0.2.1, r. 7, s. 3" -> {tag: 'Regulation', ref: 'I-0.2.1, r. 7, s. 3'}. */
export function splitSource(src) {
  const m = /^\s*\[([A-Z0-9]+)\]\s*(.*)$/s.exec(String(src || ''));
  if (!m) return { tag: '', ref: String(src || '') };
  return { tag: has(`src_${m[1]}`) ? t(`src_${m[1]}`) : t('source'), ref: m[2] };
}
