/* The profile form: rendered from the session in the state, read back into a session.
 * Every input's id is "f-" + its dotted path in the session with "-" for ".", so an error
 * or a question about `work_history.0.sector` finds `#f-work_history-0-sector`. */

import { $, $$, fill, h } from './dom.js';
import { AUTH_KINDS, DIPLOMA_LEVELS, OPINION_VALUES, PARTNERS, STATUS_VALUES, fmtMoney, pickText, t } from './i18n.js';
import { APPLICANT_KEYS } from './state.js';

const TAGS = {
  field: ['orderly', 'computer_science', 'artificial_intelligence', 'food_processing'],
  sector: ['health', 'ai', 'it', 'food'],
  role: ['chicken_catcher'],
};

const PERSON_FIELDS = [
  { name: 'birth_date', kind: 'date' },
  { name: 'status_in_quebec', kind: 'select', options: STATUS_VALUES, prefix: 'status', empty: 'opt_unknown' },
  { name: 'principal_noc', kind: 'text', attrs: { inputmode: 'numeric', maxlength: '5' } },
  { name: 'intends_to_settle_in_quebec', kind: 'tri' },
  { name: 'controls_employer', kind: 'tri' },
  { name: 'respected_conditions_of_stay', kind: 'tri' },
  { name: 'self_sufficiency_undertaking', kind: 'tri' },
  { name: 'commits_to_learn_french', kind: 'tri' },
  { name: 'expert_committee_opinion', kind: 'select', options: OPINION_VALUES, prefix: 'opinion', empty: 'opt_not_given' },
];
const FRENCH_FIELDS = [
  { name: 'oral_comprehension', kind: 'int', attrs: { min: '1', max: '12', step: '1' } },
  { name: 'oral_production', kind: 'int', attrs: { min: '1', max: '12', step: '1' } },
  { name: 'written_comprehension', kind: 'int', attrs: { min: '1', max: '12', step: '1' } },
  { name: 'written_production', kind: 'int', attrs: { min: '1', max: '12', step: '1' } },
  { name: 'assessed_on', kind: 'date' },
];
export const DIPLOMA_FIELDS = [
  { name: 'level', kind: 'select', options: DIPLOMA_LEVELS, prefix: 'level', empty: 'opt_choose' },
  { name: 'program_code', kind: 'text', attrs: { maxlength: '20' } },
  { name: 'field', kind: 'tag' },
  { name: 'in_quebec', kind: 'tri' },
  { name: 'full_time_months', kind: 'int', attrs: { min: '0', max: '240', step: '1' } },
  { name: 'obtained_on', kind: 'date' },
  { name: 'share_studied_in_quebec', kind: 'float', attrs: { min: '0', max: '1', step: '0.05' } },
  { name: 'hours', kind: 'int', attrs: { min: '0', max: '20000', step: '1' } },
];
const WORK_FIELDS = [
  { name: 'noc', kind: 'text', attrs: { inputmode: 'numeric', maxlength: '5' } },
  { name: 'naics', kind: 'text', attrs: { inputmode: 'numeric', maxlength: '6' } },
  { name: 'role', kind: 'tag' },
  { name: 'sector', kind: 'tag' },
  { name: 'start', kind: 'date' },
  { name: 'end', kind: 'date' },
  { name: 'hours_per_week', kind: 'float', attrs: { min: '0', max: '168', step: '0.5' } },
  { name: 'annual_salary', kind: 'float', attrs: { min: '0', step: '500' } },
  { name: 'in_quebec', kind: 'tri' },
  { name: 'employer_in_cmm', kind: 'tri' },
  { name: 'paid', kind: 'tri' },
  { name: 'authorized', kind: 'tri' },
  { name: 'basic_personal_care', kind: 'tri' },
  { name: 'internship', kind: 'tri' },
  { name: 'self_employed', kind: 'tri' },
];
const OFFER_FIELDS = [
  { name: 'noc', kind: 'text', attrs: { inputmode: 'numeric', maxlength: '5' } },
  { name: 'naics', kind: 'text', attrs: { inputmode: 'numeric', maxlength: '6' } },
  { name: 'role', kind: 'tag' },
  { name: 'sector', kind: 'tag' },
  { name: 'start', kind: 'date' },
  { name: 'hours_per_week', kind: 'float', attrs: { min: '0', max: '168', step: '0.5' } },
  { name: 'annual_salary', kind: 'float', attrs: { min: '0', step: '500' } },
  { name: 'employer_in_cmm', kind: 'tri' },
  { name: 'validated', kind: 'tri' },
];
const RESIDENCE_FIELDS = [
  { name: 'start', kind: 'date' }, { name: 'end', kind: 'date' },
  { name: 'in_quebec', kind: 'tri' }, { name: 'in_cmm', kind: 'tri' },
];
const STUDY_FIELDS = [...RESIDENCE_FIELDS, { name: 'full_time', kind: 'tri' }, { name: 'led_to_diploma', kind: 'tri' }];
const AUTH_FIELDS = [
  { name: 'noc', kind: 'text', attrs: { inputmode: 'numeric', maxlength: '5' } },
  { name: 'kind', kind: 'select', options: AUTH_KINDS, prefix: 'auth', empty: 'opt_choose' },
  { name: 'obtained_on', kind: 'date' },
];
const TALENT_FIELDS = [
  { name: 'partner_opinion', kind: 'select', options: OPINION_VALUES, prefix: 'opinion', empty: 'opt_not_given' },
  { name: 'partner', kind: 'select', options: PARTNERS, prefix: 'partner', empty: 'opt_unknown' },
  { name: 'exceptional_achievement', kind: 'tri' },
];
const FAMILY_FIELDS = [
  { name: 'applicant', kind: 'tri', label: 'fld_family_applicant' },
  { name: 'spouse', kind: 'tri', label: 'fld_family_spouse' },
];
const SPOUSE_FIELDS = [
  { path: ['birth_date'], spec: { name: 'birth_date', kind: 'date', label: 'fld_spouse_birth_date' } },
  { path: ['diplomas', 0, 'level'], spec: { name: 'level', kind: 'select', options: DIPLOMA_LEVELS, prefix: 'level', empty: 'opt_unknown', label: 'fld_spouse_level' } },
  { path: ['diplomas', 0, 'in_quebec'], spec: { name: 'in_quebec', kind: 'tri', label: 'fld_spouse_diploma_in_quebec' } },
  { path: ['work_history', 0, 'start'], spec: { name: 'start', kind: 'date', label: 'fld_spouse_work_start' } },
  { path: ['work_history', 0, 'end'], spec: { name: 'end', kind: 'date', label: 'fld_spouse_work_end' } },
];
export const LISTS = { diplomas: DIPLOMA_FIELDS, work_history: WORK_FIELDS, residence_history: RESIDENCE_FIELDS,
  study_history: STUDY_FIELDS, authorizations: AUTH_FIELDS };
const LIST_TITLES = { diplomas: 'diploma_n', work_history: 'work_n', residence_history: 'residence_n',
  study_history: 'study_n', authorizations: 'auth_n' };

export function fieldId(path) {
  return `f-${path.join('-')}`;
}

/** An input (or select) for `spec` at `path`, showing `value`. */
export function control(spec, path, value) {
  const id = fieldId(path);
  const data = { path: path.join('.'), kind: spec.kind };
  let input;
  if (spec.kind === 'tri') {
    input = h('select', { id, dataset: data },
      h('option', { value: '' }, t('opt_unknown')), h('option', { value: 'yes' }, t('opt_yes')),
      h('option', { value: 'no' }, t('opt_no')));
    input.value = value === true ? 'yes' : value === false ? 'no' : '';
  } else if (spec.kind === 'select' || spec.kind === 'tag') {
    const values = spec.kind === 'tag' ? TAGS[spec.name] : spec.options;
    const prefix = spec.kind === 'tag' ? spec.name : spec.prefix;
    const empty = spec.kind === 'tag' ? 'opt_none' : spec.empty;
    input = h('select', { id, dataset: data }, h('option', { value: '' }, t(empty)),
      values.map((v) => h('option', { value: v }, t(`${prefix}_${v}`))));
    // A free tag the page has no name for is kept as given, never dropped.
    if (typeof value === 'string' && value !== '' && !values.includes(value)) {
      input.append(h('option', { value }, t('opt_as_given', { v: value })));
    }
    input.value = typeof value === 'string' ? value : '';
  } else {
    const type = spec.kind === 'date' ? 'date' : spec.kind === 'int' || spec.kind === 'float' ? 'number' : 'text';
    input = h('input', { id, type, dataset: data, ...(spec.attrs || {}) });
    if (spec.kind === 'int' || spec.kind === 'float') input.setAttribute('inputmode', spec.kind === 'int' ? 'numeric' : 'decimal');
    input.value = value === null || value === undefined ? '' : String(value);
  }
  return h('div', { class: 'field' }, h('label', { for: id }, t(spec.label || `fld_${spec.name}`)), input);
}

function readControl(el) {
  const kind = el.dataset.kind;
  const raw = (el.value || '').trim();
  if (kind === 'tri') return raw === 'yes' ? true : raw === 'no' ? false : null;
  if (raw === '') return el.validity && el.validity.badInput ? 'invalid' : null;
  if (kind === 'int' || kind === 'float') {
    const n = Number(raw);
    return Number.isFinite(n) ? n : raw;
  }
  return raw;
}

function rowBlock(list, index, value) {
  const title = t(LIST_TITLES[list], { n: index + 1 });
  return h('div', { class: 'row', dataset: { list, index } },
    h('div', { class: 'row-head' }, h('h4', { class: 'row-title' }, title),
      h('button', { type: 'button', class: 'btn-quiet', dataset: { remove: list, index }, 'aria-label': t('remove_aria', { what: title }) }, t('btn_remove'))),
    h('div', { class: 'grid' }, LISTS[list].map((f) => control(f, [list, index, f.name], value[f.name]))));
}

function wageRow(index, noc, wage) {
  const title = t('wage_n', { n: index + 1 });
  return h('div', { class: 'row wage-row', dataset: { list: 'wages', index } },
    h('div', { class: 'field' }, h('label', { for: `f-wages-${index}-noc` }, t('fld_wage_noc')),
      h('input', { id: `f-wages-${index}-noc`, type: 'text', inputmode: 'numeric', maxlength: '5', value: noc ?? '', dataset: { kind: 'text', wage: 'noc' } })),
    h('div', { class: 'field' }, h('label', { for: `f-wages-${index}-wage` }, t('fld_wage_value')),
      h('input', { id: `f-wages-${index}-wage`, type: 'number', min: '0', step: '500', inputmode: 'decimal', value: wage ?? '', dataset: { kind: 'float', wage: 'wage' } })),
    h('button', { type: 'button', class: 'btn-quiet', dataset: { remove: 'wages', index }, 'aria-label': t('remove_aria', { what: title }) }, t('btn_remove')));
}

function section(id, legend, ...body) {
  return h('fieldset', { class: 'card', id }, h('legend', {}, legend), ...body);
}

function spouseSection(sp) {
  const acc = sp ? sp.accompanying : null;
  const fr = (sp && sp.french) || {};
  const get = (path) => path.reduce((v, k) => (v === null || v === undefined ? v : v[k]), sp);
  return section('sec-spouse', t('sec_spouse'),
    h('div', { class: 'grid' }, control({ name: 'accompanying', kind: 'tri' }, ['spouse', 'accompanying'], acc)),
    acc === null || acc === undefined ? h('p', { class: 'muted small' }, t('spouse_hint')) : null,
    acc === true ? [
      h('div', { class: 'grid' }, SPOUSE_FIELDS.map((f) => control(f.spec, ['spouse', ...f.path], get(f.path)))),
      h('h4', { class: 'row-title' }, t('spouse_french')),
      h('div', { class: 'grid grid-3' }, FRENCH_FIELDS.map((f) => control(f, ['spouse', 'french', f.name], fr[f.name])))] : null);
}

function listSection(id, legend, lists, a) {
  return section(id, legend, lists.map(([list, add]) => [
    h('div', { class: 'rows', id: `rows-${list}` }, (a[list] || []).map((r, i) => rowBlock(list, i, r))),
    h('button', { type: 'button', dataset: { add: list } }, t(add))]));
}

/** Render the whole form from `session` (labels in the page's language). */
export function renderForm(root, session, catalog, dateNote) {
  const a = session.applicant;
  const fr = a.french || {};
  const offer = a.job_offer;
  const wages = Object.entries(session.reference_wages || {});
  const assumptions = (catalog && catalog.assumptions) || [];
  fill(root,
    section('sec-run', t('sec_run'),
      h('div', { class: 'grid' },
        h('div', { class: 'field field-wide' }, h('label', { for: 'f-client_name' }, t('fld_client_name')),
          h('input', { id: 'f-client_name', type: 'text', autocomplete: 'off', value: session.client_name || '', dataset: { kind: 'text' } })),
        h('div', { class: 'field' }, h('label', { for: 'f-application_date' }, t('fld_application_date')),
          h('input', { id: 'f-application_date', type: 'date', value: session.application_date || '', 'aria-describedby': 'date-note', dataset: { kind: 'date' } })),
        h('div', { class: 'field' }, h('label', { for: 'f-horizon_months' }, t('fld_horizon')),
          h('input', { id: 'f-horizon_months', type: 'number', min: '0', max: '120', step: '1', inputmode: 'numeric', value: String(session.horizon_months), dataset: { kind: 'int' } })),
        h('div', { class: 'field' }, h('label', { for: 'f-objective' }, t('fld_objective')),
          h('select', { id: 'f-objective', dataset: { kind: 'text' } },
            ['earliest', 'least_effort'].map((o) => h('option', { value: o, selected: o === session.objective }, t(`objective_${o}`))))),
        h('div', { class: 'field field-check' },
          h('input', { id: 'f-respect_intake_windows', type: 'checkbox', checked: session.respect_intake_windows !== false }),
          h('label', { for: 'f-respect_intake_windows' }, t('fld_respect_windows')))),
      h('p', { class: 'muted small', id: 'date-note' }, dateNote ? t(dateNote.key, dateNote.vars) : '')),
    section('sec-person', t('sec_person'), h('div', { class: 'grid' }, PERSON_FIELDS.map((f) => control(f, [f.name], a[f.name])))),
    section('sec-french', t('sec_french'), h('div', { class: 'grid grid-3' }, FRENCH_FIELDS.map((f) => control(f, ['french', f.name], fr[f.name])))),
    spouseSection(a.spouse),
    section('sec-family', t('sec_family'), h('div', { class: 'grid' }, FAMILY_FIELDS.map((f) => control(f, ['family_in_quebec', f.name], (a.family_in_quebec || {})[f.name])))),
    section('sec-diplomas', t('sec_diplomas'),
      h('div', { class: 'rows', id: 'diplomas' }, (a.diplomas || []).map((d, i) => rowBlock('diplomas', i, d))),
      (a.diplomas || []).length ? null : h('p', { class: 'muted' }, t('no_diplomas')),
      h('button', { type: 'button', dataset: { add: 'diplomas' } }, t('btn_add_diploma'))),
    section('sec-work', t('sec_work'),
      h('div', { class: 'rows', id: 'work' }, (a.work_history || []).map((w, i) => rowBlock('work_history', i, w))),
      (a.work_history || []).length ? null : h('p', { class: 'muted' }, t('no_work')),
      h('button', { type: 'button', dataset: { add: 'work_history' } }, t('btn_add_work'))),
    listSection('sec-history', t('sec_history'), [['residence_history', 'btn_add_residence'], ['study_history', 'btn_add_study']], a),
    listSection('sec-authorizations', t('sec_authorizations'), [['authorizations', 'btn_add_authorization']], a),
    section('sec-talent', t('sec_talent'), h('div', { class: 'grid' }, TALENT_FIELDS.map((f) => control(f, ['exceptional_talent', f.name], (a.exceptional_talent || {})[f.name])))),
    section('sec-offer', t('sec_offer'),
      h('div', { class: 'field field-check' },
        h('input', { id: 'f-has_offer', type: 'checkbox', checked: Boolean(offer) }),
        h('label', { for: 'f-has_offer' }, t('fld_has_offer'))),
      offer ? h('div', { class: 'grid', id: 'offer' }, OFFER_FIELDS.map((f) => control(f, ['job_offer', f.name], offer[f.name]))) : null),
    section('sec-wages', t('sec_wages'), h('p', { class: 'muted small' }, t('wages_hint')),
      h('div', { class: 'rows', id: 'wages' }, wages.map(([noc, w], i) => wageRow(i, noc, w))),
      h('button', { type: 'button', dataset: { add: 'wages' } }, t('btn_add_wage'))),
    assumptions.length ? section('sec-assumptions', t('sec_assumptions'), h('p', { class: 'muted small' }, t('assumptions_hint')),
      assumptions.map((as) => {
        const id = `f-assumption-${as.name}`;
        const on = as.name in (session.assumptions || {}) ? session.assumptions[as.name] : as.default;
        return h('div', { class: 'field field-check' },
          h('input', { id, type: 'checkbox', checked: Boolean(on), dataset: { assumption: as.name, default: String(as.default) } }),
          h('label', { for: id }, pickText(as.description)));
      })) : null,
    section('sec-json', t('sec_json'),
      h('button', { type: 'button', dataset: { action: 'export-profile' } }, t('btn_export'))));
}

/** The session the form shows. */
export function readForm(root, previous) {
  const a = {};
  for (const k of APPLICANT_KEYS) a[k] = null;
  for (const f of PERSON_FIELDS) a[f.name] = readControl($(`#${fieldId([f.name])}`, root));
  const french = {};
  for (const f of FRENCH_FIELDS) french[f.name] = readControl($(`#${fieldId(['french', f.name])}`, root));
  a.french = Object.values(french).every((v) => v === null) ? null : french;
  for (const list of Object.keys(LISTS)) {
    a[list] = $$(`.row[data-list="${list}"]`, root).map((row) => {
      const out = {};
      for (const f of LISTS[list]) out[f.name] = readControl($(`#${fieldId([list, row.dataset.index, f.name])}`, row));
      return out;
    });
  }
  const group = (key, fields) => {
    const out = {};
    for (const f of fields) out[f.name] = readControl($(`#${fieldId([key, f.name])}`, root));
    return Object.values(out).every((v) => v === null) ? null : out;
  };
  a.family_in_quebec = group('family_in_quebec', FAMILY_FIELDS);
  a.exceptional_talent = group('exceptional_talent', TALENT_FIELDS);
  a.spouse = readSpouse(root, previous && previous.applicant ? previous.applicant.spouse : null);
  if ($('#f-has_offer', root).checked) {
    const out = {};
    for (const f of OFFER_FIELDS) {
      const el = $(`#${fieldId(['job_offer', f.name])}`, root);
      out[f.name] = el ? readControl(el) : null;
    }
    a.job_offer = out;
  }
  let wages = null;
  for (const row of $$('.row[data-list="wages"]', root)) {
    const noc = readControl($('[data-wage="noc"]', row));
    const wage = readControl($('[data-wage="wage"]', row));
    wages = wages || {};
    wages[noc === null ? '' : String(noc)] = wage;
  }
  // A reading set back to its default is dropped; one the form does not show is kept as it was.
  const assumptions = { ...((previous && previous.assumptions) || {}) };
  for (const el of $$('[data-assumption]', root)) {
    if (String(el.checked) !== el.dataset.default) assumptions[el.dataset.assumption] = el.checked;
    else delete assumptions[el.dataset.assumption];
  }
  const horizon = readControl($('#f-horizon_months', root));
  return {
    client_name: $('#f-client_name', root).value,
    applicant: a,
    application_date: $('#f-application_date', root).value || null,
    horizon_months: horizon === null ? 36 : horizon,
    objective: $('#f-objective', root).value,
    respect_intake_windows: $('#f-respect_intake_windows', root).checked,
    reference_wages: wages,
    assumptions,
  };
}

/** The spouse the form shows; rows and fields the form does not show are kept as they were. */
function readSpouse(root, prev) {
  const acc = readControl($('#f-spouse-accompanying', root));
  if (acc === null) return null;
  if (acc === false) return { accompanying: false };
  const p = prev && prev.accompanying ? structuredClone(prev) : {};
  const val = (path) => {
    const el = $(`#${fieldId(['spouse', ...path])}`, root);
    return el ? readControl(el) : null;
  };
  const french = {};
  for (const f of FRENCH_FIELDS) french[f.name] = val(['french', f.name]);
  const d0 = { ...((p.diplomas || [])[0] || {}), level: val(['diplomas', 0, 'level']), in_quebec: val(['diplomas', 0, 'in_quebec']) };
  const w0 = { ...((p.work_history || [])[0] || {}), start: val(['work_history', 0, 'start']), end: val(['work_history', 0, 'end']) };
  const filled = (o) => Object.values(o).some((v) => v !== null && v !== undefined);
  const diplomas = [...(filled(d0) ? [d0] : []), ...(p.diplomas || []).slice(1)];
  if (w0.start !== null && w0.in_quebec === undefined) w0.in_quebec = true;
  const work = [...(filled(w0) && w0.start !== null ? [w0] : []), ...(p.work_history || []).slice(1)];
  return {
    accompanying: true,
    birth_date: val(['birth_date']),
    french: Object.values(french).every((v) => v === null) ? null : french,
    diplomas,
    work_history: work,
  };
}

/** Add or remove a row in a session (a copy). */
export function withRow(session, list, index) {
  const s = structuredClone(session);
  if (list === 'wages') {
    const entries = Object.entries(s.reference_wages || {});
    // Wages are keyed by occupation code: one row without a code at a time.
    if (index === undefined && entries.some(([noc]) => noc === '')) return s;
    if (index === undefined) entries.push(['', null]);
    else entries.splice(index, 1);
    s.reference_wages = entries.length ? Object.fromEntries(entries) : null;
    return s;
  }
  const rows = s.applicant[list];
  if (index !== undefined) rows.splice(index, 1);
  else if (list === 'work_history') rows.push({ paid: true, authorized: true });
  else rows.push({});
  return s;
}

export function withOffer(session, on) {
  const s = structuredClone(session);
  s.applicant.job_offer = on ? (s.applicant.job_offer || {}) : null;
  return s;
}

// ------------------------------------------------------------------ errors next to fields

/** The form element a 422 location (["body", "applicant", "work_history", 0, "noc"]) names. */
export function locate(root, loc) {
  const p = loc.filter((x) => x !== 'body').map(String);
  if (!p.length) return null;
  if (p[0] === 'applicant') p.shift();
  else if (p[0] === 'reference_wages') {
    const row = $$('.row[data-list="wages"]', root).find((r) => $('[data-wage="noc"]', r).value.trim() === p[1]);
    return row ? $(p.length > 2 ? '[data-wage="wage"]' : '[data-wage="noc"]', row) : $('#sec-wages', root);
  } else if (['application_date', 'horizon_months', 'objective', 'respect_intake_windows'].includes(p[0])) {
    return $(`#f-${p[0]}`, root);
  } else return null;
  for (let n = p.length; n > 0; n -= 1) {
    const el = document.getElementById(fieldId(p.slice(0, n)));
    if (el) return el;
  }
  if (p[0] === 'french') return $('#f-french-oral_comprehension', root);
  return null;
}

/** The label an advisor reads for an element: "Job 1 › Occupation code". */
export function labelOf(el) {
  if (!el) return t('field_body');
  const label = el.id ? $(`label[for="${el.id}"]`) : null;
  const row = el.closest('.row');
  const base = label ? label.textContent : (el.querySelector('legend') || {}).textContent || t('field_body');
  const rowTitle = row ? $('.row-title', row) : null;
  if (rowTitle) return `${rowTitle.textContent} › ${base}`;
  if (el.id && el.id.startsWith('f-job_offer-')) return `${t('offer')} › ${base}`;
  return base;
}

/** Mark the fields of `items` ({id, msg}) as invalid, with their message under them. */
export function markErrors(root, items) {
  for (const el of $$('.field-error', root)) el.remove();
  for (const el of $$('[aria-invalid="true"]', root)) {
    el.removeAttribute('aria-invalid');
    el.removeAttribute('aria-errormessage');
  }
  for (const item of items) {
    const el = item.id ? document.getElementById(item.id) : null;
    if (!el || !root.contains(el)) continue;
    const errId = `${item.id}-error`;
    el.setAttribute('aria-invalid', 'true');
    el.setAttribute('aria-errormessage', errId);
    (el.closest('.field') || el.parentElement).append(h('p', { class: 'field-error', id: errId }, item.msg));
  }
}

export { fmtMoney };
