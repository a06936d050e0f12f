/* Results: the ranked summary (one line a route), each route's details on demand, the
 * questions to ask, and the error summary. Rendered from the state only. */

import { $, fill, h } from './dom.js';
import { pickText, splitSource, t } from './i18n.js';
import { cheapestPlan, plansBlock } from './plans.js';
import { FAMILIES, OBJECTIVES, PROGRAM_END, ROUTE_IDS } from './state.js';
import { scoreDetails, scoreSummary, targetOf } from './score.js';

const STATUS_ORDER = { eligible_now: 0, reachable: 1, undecided: 2, unreachable: 3 };

export function routeName(catalog, id) {
  const r = catalog && catalog.byId[id];
  return (r && pickText(r.name)) || t(`route_${id}`);
}

export function programEnd(catalog, id) {
  const r = catalog && catalog.byId[id];
  if (r) return r.end_date || null;
  return familyOf(catalog, id) === 'pilots' ? PROGRAM_END : null;
}

/** The route's program family: the catalogue's `family`, else read from its id. */
export function familyOf(catalog, id) {
  const r = catalog && catalog.byId[id];
  if (r && FAMILIES.includes(r.family)) return r.family;
  if (String(id).startsWith('pstq-')) return 'pstq';
  if (String(id).startsWith('peq-')) return 'peq';
  return 'pilots';
}

/**
 * The route's state on `date`: open | closed | not_yet_open. The catalogue's `state` when it was
 * given for that date, else read from its intake windows and the program's end.
 */
export function routeState(catalog, id, date) {
  const r = catalog && catalog.byId[id];
  if (r && r.state && r.state_date === date) return r.state;
  const end = r ? r.end_date : (familyOf(catalog, id) === 'pilots' ? PROGRAM_END : null);
  if (end && date >= end) return 'closed';
  const windows = r ? (r.editions || []).flatMap((ed) => ed.windows || []) : [];
  if (!windows.length) return r ? 'closed' : (familyOf(catalog, id) === 'pilots' ? 'closed' : 'open');
  if (windows.some((w) => w.start <= date && (!w.end || date <= w.end))) return 'open';
  return windows.every((w) => w.start > date) ? 'not_yet_open' : 'closed';
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
  const rank = answers.ranking && Array.isArray(answers.ranking.routes)
    ? answers.ranking.routes.find((r) => r.route === id) || null : null;
  return { elig, gaps, status, rank };
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
    e.intake.open && w ? (w.end ? t('intake_open', { s: w.start, e: w.end }) : t('intake_open_since', { s: w.start })) : t('intake_closed'));
}

function details(row, ctx, target) {
  const e = row.elig;
  const bad = e ? e.criteria.filter((c) => c.verdict !== 'met') : [];
  const good = e ? e.criteria.filter((c) => c.verdict === 'met') : [];
  bad.sort((x, y) => (x.verdict === y.verdict ? 0 : x.verdict === 'not_met' ? -1 : 1));
  const reasons = row.gaps ? [...new Set(OBJECTIVES.flatMap((o) => (row.gaps[o] && row.gaps[o].reasons) || []))] : [];
  const notes = row.gaps ? [...new Set(OBJECTIVES.flatMap((o) => (row.gaps[o] && row.gaps[o].assumptions) || []))] : [];
  return h('div', { class: 'route-details', id: `details-${row.id}` },
    intake(e),
    row.rank ? scoreDetails(row.rank, target) : null,
    bad.length ? [h('h4', {}, t('criteria_failing')), h('ul', { class: 'criteria' }, bad.map(criterion))] : null,
    good.length ? h('details', { class: 'met-list' }, h('summary', {}, t('criteria_met', { n: good.length })),
      h('ul', { class: 'criteria' }, good.map(criterion))) : null,
    row.gaps && row.status !== 'unreachable' ? plansBlock(row.id, row.gaps, ctx(row.id)) : null,
    !row.gaps ? h('p', { class: 'muted' }, t('plans_none_yet')) : null,
    reasons.length ? [h('h4', {}, t('reasons')), h('ul', { class: 'reasons' }, reasons.map((r) => h('li', {}, r)))] : null,
    notes.length ? h('details', { class: 'notes small' }, h('summary', {}, t('notes')), h('ul', {}, notes.map((n) => h('li', {}, n)))) : null);
}

/** One route of the summary; its details (plans included) are always in the page, hidden until opened. */
export function routeCard(row, rank, open, ctx) {
  const e = row.elig;
  const isOpen = open.has(row.id);
  const target = row.rank ? targetOf(row) : null;
  const hooks = { route: row.id, verdict: e ? e.verdict : 'unknown', status: row.status };
  if (row.rank && row.rank.score) {
    hooks.scoreMin = row.rank.score.min;
    hooks.scoreMax = row.rank.score.max;
    if (target && typeof target.score === 'number') hooks.targetScore = target.score;
  }
  const det = details(row, ctx.planCtx, target);
  det.hidden = !isOpen;
  return h('li', { class: `route bucket-${row.bucket}`, id: `route-${row.id}`, dataset: hooks },
    h('div', { class: 'route-head' },
      h('span', { class: 'rank', 'aria-hidden': 'true' }, String(rank)),
      h('h3', { class: 'route-name' }, routeName(ctx.catalog, row.id)),
      h('div', { class: 'badges' }, e ? badge('v', e.verdict, 'verdict') : null, row.status ? badge('g', row.status, 'gap-status') : null)),
    h('p', { class: 'reason', dataset: { role: 'reason' } }, reasonLine(row)),
    row.rank ? scoreSummary(row.rank, target) : null,
    h('div', { class: 'route-actions' },
      h('button', { type: 'button', class: 'btn-quiet', 'aria-expanded': String(isOpen), 'aria-controls': `details-${row.id}`, dataset: { action: 'details', route: row.id } },
        t('btn_details')),
      h('button', { type: 'button', class: 'btn-quiet', dataset: { action: 'print-plan', route: row.id } }, t('btn_print'))),
    det);
}

/**
 * The ranked rows grouped by program family: the families open on `date` first (PSTQ, then
 * PEQ, then the pilots), then the others, collapsed unless the advisor opened them.
 */
export function familyGroups(rows, catalog, date, opened) {
  const groups = FAMILIES.map((family) => {
    const mine = rows.filter((r) => familyOf(catalog, r.id) === family);
    const states = mine.map((r) => routeState(catalog, r.id, date));
    const state = states.includes('open') ? 'open' : states.includes('not_yet_open') ? 'not_yet_open' : 'closed';
    return { family, rows: mine, state };
  }).filter((g) => g.rows.length);
  const weight = { open: 0, not_yet_open: 1, closed: 2 };
  groups.sort((a, b) => weight[a.state] - weight[b.state] || FAMILIES.indexOf(a.family) - FAMILIES.indexOf(b.family));
  for (const g of groups) g.open = g.family in (opened || {}) ? opened[g.family] : g.state === 'open';
  return groups;
}

/** The routes region: one group per program family, each a list of route cards. */
export function routeGroups(rows, open, ctx, date, opened, onToggle) {
  const groups = familyGroups(rows, ctx.catalog, date, opened);
  let rank = 0;
  return h('div', { class: 'route-groups', id: 'routes', 'aria-label': t('summary_title') }, groups.map((g) => {
    const list = h('ol', { class: 'routes', start: String(rank + 1) }, g.rows.map((row) => { rank += 1; return routeCard(row, rank, open, ctx); }));
    const counts = g.rows.reduce((acc, r) => { acc[r.bucket] = (acc[r.bucket] || 0) + 1; return acc; }, {});
    const head = [
      h('span', { class: 'family-name' }, t(`family_${g.family}`)),
      h('span', { class: `badge state-${g.state}` }, t(`state_${g.state}`, { d: date })),
      h('span', { class: 'small muted' }, t('family_count', { n: g.rows.length, e: (counts[0] || 0) + (counts[1] || 0) })),
    ];
    const box = h('details', { class: `family family-${g.family}`, dataset: { family: g.family, state: g.state }, open: g.open },
      h('summary', { class: 'family-head' }, head), list);
    box.addEventListener('toggle', () => onToggle(g.family, box.open));
    return box;
  }));
}

/** The PSTQ routes whose latest recorded round the client may or may not clear (passes unknown). */
export function undecidedCutoffs(ranking) {
  const out = new Set();
  for (const r of (ranking && ranking.routes) || []) {
    if (r.draws && r.draws[0] && r.draws[0].passes === 'unknown') out.add(r.route);
  }
  return out;
}

/**
 * The questions to ask, those that decide whether the client clears the cut-off first (their
 * routes include a PSTQ route whose latest round is undecided); otherwise in the service's order.
 */
export function questionsBlock(answer, fieldLink, ranking) {
  if (!answer) return null;
  const open = undecidedCutoffs(ranking);
  const decides = (q) => (q.routes || []).some((r) => open.has(r));
  const all = answer.questions || [];
  const qs = [...all.filter(decides), ...all.filter((q) => !decides(q))];
  return h('section', { class: 'questions card', id: 'questions', 'aria-labelledby': 'questions-title' },
    h('h3', { id: 'questions-title' }, t('questions_title')),
    answer.unavailable ? h('p', { class: 'muted' }, t('questions_unavailable')) : qs.length ? h('ol', {}, qs.map((q) => h('li', { dataset: { field: q.field, decidesCutoff: decides(q) ? 'true' : null } },
      decides(q) ? [h('span', { class: 'badge b-cutoff' }, t('questions_cutoff')), ' '] : null,
      h('strong', {}, q.prompt), ' ', h('span', { class: 'small muted' }, q.why), ' ',
      fieldLink(q.field),
      h('span', { class: 'small' }, ` ${t('questions_routes', { r: (q.routes || []).map((r) => routeName(null, r)).join(', ') })}`))))
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
