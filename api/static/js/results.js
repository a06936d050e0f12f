/* Results: the ranked summary (one line a route), each route's details on demand, the
 * questions to ask, and the error summary. Rendered from the state only. */

import { $, fill, h } from './dom.js';
import { pickText, splitSource, t } from './i18n.js';
import { cheapestPlan, plansBlock } from './plans.js';
import { OBJECTIVES, PROGRAM_END, ROUTE_IDS } from './state.js';

const STATUS_ORDER = { eligible_now: 0, reachable: 1, undecided: 2, unreachable: 3 };

export function routeName(catalog, id) {
  const r = catalog && catalog.byId[id];
  return (r && pickText(r.name)) || t(`route_${id}`);
}

export function programEnd(catalog, id) {
  const r = catalog && catalog.byId[id];
  return (r && r.end_date) || PROGRAM_END;
}

/** The route's answers: {elig, gaps: {earliest, least_effort} | null, status}. */
export function routeAnswers(answers, id) {
  const elig = answers.elig ? answers.elig.routes.find((r) => r.route === id) || null : null;
  let gaps = null;
  let status = null;
  if (answers.gaps) {
    gaps = {};
    for (const o of OBJECTIVES) {
      const ans = answers.gaps[o];
      gaps[o] = ans ? ans.routes.find((r) => r.route === id) || null : null;
      const s = gaps[o] && gaps[o].status;
      if (s && (status === null || STATUS_ORDER[s] < STATUS_ORDER[status])) status = s;
    }
  }
  return { elig, gaps, status };
}

/**
 * Rank: eligible, then reachable by the effort of the cheapest plan, then unknown or
 * undecided, then not eligible without a plan and unreachable. A route whose verdict is
 * unknown never ranks as eligible or reachable, whatever its plan says.
 */
export function bucket(a) {
  const v = a.elig ? a.elig.verdict : 'unknown';
  if (v === 'eligible') return 0;
  if (v === 'unknown' || a.status === 'undecided') return 2;
  if (a.status === 'reachable' || a.status === 'eligible_now') return 1;
  return 3;
}

export function rankRoutes(answers) {
  const ids = answers.elig ? answers.elig.routes.map((r) => r.route) : ROUTE_IDS;
  const rows = ids.map((id) => {
    const a = routeAnswers(answers, id);
    return { id, ...a, bucket: bucket(a), cheapest: a.gaps ? cheapestPlan(a.gaps) : null };
  });
  rows.sort((x, y) => x.bucket - y.bucket
    || (x.bucket === 1 && x.cheapest && y.cheapest ? x.cheapest.effort - y.cheapest.effort || (x.cheapest.apply_on < y.cheapest.apply_on ? -1 : 1) : 0)
    || ROUTE_IDS.indexOf(x.id) - ROUTE_IDS.indexOf(y.id));
  return rows;
}

function firstOf(list) {
  if (list.length <= 1) return list[0] || '';
  return t('and_more', { a: list[0], n: list.length - 1 });
}

function describe(c) {
  return (c.description || '').replace(/\.$/, '');
}

/** One line in plain words: why the route stands where it does. */
export function reasonLine(row) {
  const e = row.elig;
  const verdict = e ? e.verdict : 'unknown';
  if (verdict === 'eligible') return t('reason_eligible');
  if (row.status === 'undecided') return t('reason_undecided');
  if (verdict === 'unknown') return t('reason_unknown', { c: firstOf(e.criteria.filter((c) => c.verdict === 'unknown').map(describe)) });
  if ((row.status === 'reachable' || row.status === 'eligible_now') && row.cheapest) {
    const levers = row.cheapest.changes.filter((c) => c.lever !== 'wait');
    if (!levers.length) return t('reason_reachable_wait', { d: row.cheapest.apply_on });
    return t('reason_reachable', { d: row.cheapest.apply_on, c: levers.map((c) => leverText(c.lever)).join(', ') });
  }
  if (row.status === 'unreachable') {
    const reasons = OBJECTIVES.flatMap((o) => (row.gaps[o] && row.gaps[o].reasons) || []);
    if (reasons.length) return t('reason_unreachable', { r: reasons[0] });
  }
  return t('reason_not_met', { c: firstOf(e.criteria.filter((c) => c.verdict === 'not_met').map(describe)) });
}

let leverText = (l) => l;
export function setLeverText(fn) {
  leverText = fn;
}

export function badge(kind, value, role) {
  return h('span', { class: `badge ${kind}-${value}`, dataset: { role } }, t(`${kind}_${value}`));
}

function source(src) {
  const s = splitSource(src);
  return h('span', { class: 'source small' }, s.tag ? h('strong', {}, `${s.tag} `) : null, h('cite', {}, s.ref));
}

function criterion(c) {
  return h('li', { class: `crit crit-${c.verdict}`, dataset: { criterion: c.id, verdict: c.verdict } },
    badge('c', c.verdict, 'criterion-verdict'),
    h('div', {},
      h('span', { class: 'crit-desc' }, c.description || ''),
      c.explanation ? h('span', { class: 'crit-expl' }, c.explanation) : null,
      c.assumption ? h('span', { class: 'assumption small' }, t('assumption', { a: c.assumption })) : null,
      c.source ? source(c.source) : null));
}

function intake(e) {
  if (!e || !e.intake) return null;
  const w = e.intake.window;
  return h('p', { class: `intake ${e.intake.open ? 'open' : 'closed'}` },
    e.intake.open && w ? t('intake_open', { s: w.start, e: w.end }) : t('intake_closed'));
}

function details(row, ctx) {
  const e = row.elig;
  const bad = e ? e.criteria.filter((c) => c.verdict !== 'met') : [];
  const good = e ? e.criteria.filter((c) => c.verdict === 'met') : [];
  bad.sort((x, y) => (x.verdict === y.verdict ? 0 : x.verdict === 'not_met' ? -1 : 1));
  const reasons = row.gaps ? [...new Set(OBJECTIVES.flatMap((o) => (row.gaps[o] && row.gaps[o].reasons) || []))] : [];
  const notes = row.gaps ? [...new Set(OBJECTIVES.flatMap((o) => (row.gaps[o] && row.gaps[o].assumptions) || []))] : [];
  return h('div', { class: 'route-details', id: `details-${row.id}` },
    intake(e),
    bad.length ? [h('h4', {}, t('criteria_failing')), h('ul', { class: 'criteria' }, bad.map(criterion))] : null,
    good.length ? h('details', { class: 'met-list' }, h('summary', {}, t('criteria_met', { n: good.length })),
      h('ul', { class: 'criteria' }, good.map(criterion))) : null,
    row.gaps && row.status !== 'unreachable' ? plansBlock(row.id, row.gaps, ctx(row.id)) : null,
    !row.gaps ? h('p', { class: 'muted' }, t('plans_none_yet')) : null,
    reasons.length ? [h('h4', {}, t('reasons')), h('ul', { class: 'reasons' }, reasons.map((r) => h('li', {}, r)))] : null,
    notes.length ? h('details', { class: 'notes small' }, h('summary', {}, t('notes')), h('ul', {}, notes.map((n) => h('li', {}, n)))) : null);
}

/** One route of the summary; details rendered only when open. */
export function routeCard(row, rank, open, ctx) {
  const e = row.elig;
  const isOpen = open.has(row.id);
  return h('li', { class: `route bucket-${row.bucket}`, id: `route-${row.id}`, dataset: { route: row.id, verdict: e ? e.verdict : 'unknown', status: row.status } },
    h('div', { class: 'route-head' },
      h('span', { class: 'rank', 'aria-hidden': 'true' }, String(rank)),
      h('h3', { class: 'route-name' }, routeName(ctx.catalog, row.id)),
      h('div', { class: 'badges' }, e ? badge('v', e.verdict, 'verdict') : null, row.status ? badge('g', row.status, 'gap-status') : null)),
    h('p', { class: 'reason', dataset: { role: 'reason' } }, reasonLine(row)),
    h('div', { class: 'route-actions' },
      h('button', { type: 'button', class: 'btn-quiet', 'aria-expanded': String(isOpen), 'aria-controls': `details-${row.id}`, dataset: { action: 'details', route: row.id } },
        t('btn_details')),
      h('button', { type: 'button', class: 'btn-quiet', dataset: { action: 'print-plan', route: row.id } }, t('btn_print'))),
    isOpen ? details(row, ctx.planCtx) : null);
}

export function questionsBlock(answer, fieldLink) {
  if (!answer) return null;
  const qs = answer.questions || [];
  return h('section', { class: 'questions card', id: 'questions', 'aria-labelledby': 'questions-title' },
    h('h3', { id: 'questions-title' }, t('questions_title')),
    qs.length ? h('ol', {}, qs.map((q) => h('li', { dataset: { field: q.field } },
      h('strong', {}, q.prompt), ' ', h('span', { class: 'small muted' }, q.why), ' ',
      fieldLink(q.field),
      h('span', { class: 'small' }, ` ${t('questions_routes', { r: q.routes.map((r) => routeName(null, r)).join(', ') })}`))))
      : h('p', { class: 'muted' }, t('questions_none')));
}

export function errorBlock(error, onLink) {
  if (!error) return null;
  return h('div', { class: 'banner banner-error', id: 'error-summary', role: 'alert' },
    h('p', {}, error.message),
    error.items && error.items.length ? h('ul', {}, error.items.map((it) => h('li', {},
      it.id ? h('a', { href: `#${it.id}`, onclick: (ev) => { ev.preventDefault(); onLink(it.id); } }, it.label) : h('strong', {}, it.label),
      t('err_field', { f: '', m: it.msg })))) : null);
}

export function clearNode(sel) {
  const el = $(sel);
  if (el) fill(el);
}
