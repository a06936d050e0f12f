/* What-if: a changed scenario beside the current one. The scenario is the profile with the
 * advisor's changes applied the way the service applies levers (solver/levers.py); its
 * eligibility and plans are computed afresh, never carried over from the current one. */

import { $, h } from './dom.js';
import { DIPLOMA_LEVELS, fmtMoney, t } from './i18n.js';
import { cheapestPlan } from './plans.js';
import { bucket, rankRoutes, routeAnswers, routeName } from './results.js';

/** The salary the "salary" lever acts on: the accepted offer, else the latest job held on `on`. */
export function salaryTarget(a, on) {
  if (a.job_offer) return { kind: 'offer', salary: a.job_offer.annual_salary };
  let best = null;
  (a.work_history || []).forEach((w, i) => {
    if (w.start && w.start <= on && (!w.end || w.end >= on) && (!best || w.start >= best.start)) best = { kind: 'job', index: i, start: w.start, salary: w.annual_salary };
  });
  return best;
}

/** The draft of the what-if form for a session: its current values. */
export function draftFor(session) {
  const a = session.applicant;
  const fr = a.french || {};
  const target = salaryTarget(a, session.application_date || '');
  return {
    oral_comprehension: fr.oral_comprehension ?? '',
    oral_production: fr.oral_production ?? '',
    salary: target && typeof target.salary === 'number' ? target.salary : '',
    application_date: session.application_date || '',
    diploma_level: '',
    diploma_on: session.application_date || '',
  };
}

/**
 * The scenario session and a plain label of its changes, or {error: i18n key}.
 * French levels take effect with a new assessment on the scenario date, like the lever.
 */
export function scenario(session, draft) {
  const s = structuredClone(session);
  const base = draftFor(session);
  const on = draft.application_date || session.application_date;
  const labels = [];
  s.application_date = on;
  if (on !== session.application_date) labels.push(t('wi_date', { a: on }));
  for (const k of ['oral_comprehension', 'oral_production']) {
    if (String(draft[k]) !== String(base[k]) && draft[k] !== '') {
      const french = s.applicant.french || { oral_comprehension: null, oral_production: null, assessed_on: null };
      french[k] = Number(draft[k]);
      french.assessed_on = on;
      s.applicant.french = french;
      labels.push(`${t(`fld_${k}`).toLowerCase()} ${draft[k]}`);
    }
  }
  if (String(draft.salary) !== String(base.salary) && draft.salary !== '') {
    const target = salaryTarget(s.applicant, on);
    if (!target) return { error: 'whatif_no_salary_job' };
    if (target.kind === 'offer') s.applicant.job_offer.annual_salary = Number(draft.salary);
    else s.applicant.work_history[target.index].annual_salary = Number(draft.salary);
    labels.push(`${t('lever_salary').toLowerCase()} ${fmtMoney(Number(draft.salary))}`);
  }
  if (draft.diploma_level) {
    const obtained = draft.diploma_on || on;
    s.applicant.diplomas.push({ level: draft.diploma_level, program_code: null, field: null, in_quebec: true,
      full_time_months: null, obtained_on: obtained, share_studied_in_quebec: 1 });
    labels.push(`${t(`level_${draft.diploma_level}`)} (${obtained})`);
  }
  if (!labels.length) return { error: 'whatif_nochange' };
  return { session: s, label: labels.join(', ') };
}

function numField(id, label, value, attrs) {
  return h('div', { class: 'field' }, h('label', { for: id }, label),
    h('input', { id, type: attrs.type || 'number', value: String(value ?? ''), dataset: { draft: attrs.key }, ...(attrs.extra || {}) }));
}

/** The what-if form, rendered from the draft. */
export function whatifForm(draft) {
  return h('section', { class: 'card whatif', id: 'whatif', 'aria-labelledby': 'whatif-title' },
    h('h3', { id: 'whatif-title' }, t('whatif_title')),
    h('p', { class: 'small muted' }, t('whatif_hint')),
    h('div', { class: 'grid grid-3' },
      numField('wi-oral_comprehension', t('fld_oral_comprehension'), draft.oral_comprehension, { key: 'oral_comprehension', extra: { min: '1', max: '12', step: '1', inputmode: 'numeric' } }),
      numField('wi-oral_production', t('fld_oral_production'), draft.oral_production, { key: 'oral_production', extra: { min: '1', max: '12', step: '1', inputmode: 'numeric' } }),
      numField('wi-salary', t('wi_salary'), draft.salary, { key: 'salary', extra: { min: '0', step: '500', inputmode: 'decimal' } }),
      numField('wi-application_date', t('fld_application_date'), draft.application_date, { key: 'application_date', type: 'date' }),
      h('div', { class: 'field' }, h('label', { for: 'wi-diploma_level' }, t('wi_diploma_level')),
        h('select', { id: 'wi-diploma_level', dataset: { draft: 'diploma_level' } },
          h('option', { value: '' }, t('opt_choose')),
          DIPLOMA_LEVELS.map((l) => h('option', { value: l, selected: draft.diploma_level === l }, t(`level_${l}`))))),
      numField('wi-diploma_on', t('wi_diploma_on'), draft.diploma_on, { key: 'diploma_on', type: 'date' })),
    h('div', { class: 'btn-row' }, h('button', { type: 'button', class: 'btn-primary', dataset: { action: 'whatif' } }, t('btn_whatif'))));
}

function cell(a, which) {
  const best = a.gaps ? cheapestPlan(a.gaps) : null;
  const v = a.elig ? a.elig.verdict : 'unknown';
  const reach = a.status === 'reachable' || a.status === 'eligible_now';
  return h('td', { dataset: { scenario: which, verdict: v, status: a.status, applyOn: reach && best ? best.apply_on : null, applyBy: reach && best ? best.apply_by : null } },
    h('span', { class: `badge v-${v}` }, t(`v_${v}`)), ' ',
    a.status && v !== 'eligible' ? h('span', { class: `badge g-${a.status}` }, t(`g_${a.status}`)) : null,
    h('br'),
    h('span', { class: 'small' }, reach && best ? (best.apply_by ? t('wi_best_by', { a: best.apply_on, b: best.apply_by }) : t('wi_best', { a: best.apply_on })) : t('wi_none')));
}

function summaryOf(a) {
  const best = a.gaps ? cheapestPlan(a.gaps) : null;
  return JSON.stringify([a.elig && a.elig.verdict, a.status, best && best.apply_on, best && best.apply_by, bucket(a)]);
}

/** The side-by-side comparison: one row a route, the changed ones marked. */
export function comparison(w, catalog) {
  const rows = rankRoutes(w.current);
  let changed = 0;
  const body = rows.map((r) => {
    const cur = routeAnswers(w.current, r.id);
    const nxt = routeAnswers(w.scenario, r.id);
    const differs = summaryOf(cur) !== summaryOf(nxt);
    if (differs) changed += 1;
    return h('tr', { class: differs ? 'changed' : '', dataset: { route: r.id, changed: String(differs) } },
      h('th', { scope: 'row' }, routeName(catalog, r.id)),
      cell(cur, 'current'), cell(nxt, 'changed'),
      h('td', { class: 'wi-mark' }, differs ? h('strong', { class: 'badge b-changed' }, t('wi_changed')) : h('span', { class: 'muted' }, t('wi_same'))));
  });
  return {
    changed,
    node: h('section', { class: 'comparison', id: 'comparison', 'aria-labelledby': 'comparison-title' },
      h('h3', { id: 'comparison-title', tabindex: '-1' }, t('wi_scenario', { c: w.label })),
      h('table', { class: 'compare' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('wi_route')), h('th', { scope: 'col' }, t('wi_current')),
          h('th', { scope: 'col' }, t('wi_scenario', { c: '' }).replace(/\s*:\s*$/, '')), h('th', { scope: 'col' }, t('wi_changed')))),
        h('tbody', {}, body)),
      h('button', { type: 'button', class: 'btn-quiet', dataset: { action: 'whatif-close' } }, t('btn_whatif_close'))),
  };
}

export function readDraft(root) {
  const d = {};
  for (const el of root.querySelectorAll('[data-draft]')) d[el.dataset.draft] = el.value.trim();
  return d;
}

export { $ };
