/* Plans and their timeline, for one route: steps with dates, apply-on and apply-by, the
 * effort with its unit. One plan is shown when both objectives give the same plan. */

import { h } from './dom.js';
import { fmtNumber, fmtValue, leverLabel, t } from './i18n.js';
import { OBJECTIVES } from './state.js';
import { rangeText, scoreChart } from './score.js';

function planSignature(p) {
  return JSON.stringify([p.apply_on, p.effort, (p.changes || []).map((c) => [c.lever, c.to, c.by])]);
}

/**
 * The distinct best plans of a route: [{objectives: ['earliest', ...], plan, others: [Plan]}].
 * `routeGaps` is {earliest: RouteGaps | null, least_effort: RouteGaps | null}; the session's
 * objective (`first`) comes first.
 */
export function distinctPlans(routeGaps, first = 'earliest') {
  const out = [];
  for (const o of [first, ...OBJECTIVES.filter((x) => x !== first)]) {
    const rg = routeGaps[o];
    const plans = (rg && rg.plans) || [];
    if (!plans.length) continue;
    const same = out.find((x) => planSignature(x.plan) === planSignature(plans[0]));
    if (same) same.objectives.push(o);
    else out.push({ objectives: [o], plan: plans[0], others: plans.slice(1) });
  }
  return out;
}

/** The cheapest best plan of a route (least effort, then earliest), or null. */
export function cheapestPlan(routeGaps) {
  let best = null;
  for (const o of OBJECTIVES) {
    const p = routeGaps && routeGaps[o] && routeGaps[o].plans && routeGaps[o].plans[0];
    if (p && (!best || p.effort < best.effort || (p.effort === best.effort && p.apply_on < best.apply_on))) best = p;
  }
  return best;
}

function monthsBetween(a, b) {
  const [y1, m1, d1] = a.split('-').map(Number);
  const [y2, m2, d2] = b.split('-').map(Number);
  return (y2 - y1) * 12 + (m2 - m1) + (d2 >= d1 ? 0 : -1);
}

/** Each change's share of the effort under the answer's cost model, or null when it does not add up. */
export function effortParts(plan, costModel, start) {
  const lv = (costModel && costModel.levers) || {};
  const parts = [];
  for (const c of plan.changes || []) {
    const head = String(c.lever).split('.')[0];
    let e = null;
    if (c.lever === 'wait' && lv.wait) e = Math.max(0, monthsBetween(start, plan.apply_on)) * lv.wait.effort_per_month;
    else if (head === 'french' && c.lever !== 'french.retest' && lv.french) {
      e = typeof c.from === 'number' && typeof c.to === 'number'
        ? (c.to - c.from) * lv.french.effort_per_level
        : lv.french.unknown_level_effort + (typeof c.to === 'number' ? 0 : 0);
    } else if (c.lever === 'french.retest' && lv['french.retest']) e = lv['french.retest'].effort;
    else if (c.lever === 'salary' && lv.salary && typeof c.to === 'number') {
      const from = typeof c.from === 'number' ? c.from : 0;
      e = lv.salary.effort + (lv.salary.effort_per_10k * Math.max(0, c.to - from)) / 10000;
    } else if (head === 'diploma' && lv.diploma) {
      const months = c.to && typeof c.to === 'object' && typeof c.to.full_time_months === 'number' ? c.to.full_time_months : null;
      e = months === null ? null : lv.diploma.effort + lv.diploma.effort_per_month * months;
    } else if (lv[head] && typeof lv[head].effort === 'number') e = lv[head].effort;
    if (e === null) return null;
    parts.push({ lever: c.lever, effort: e });
  }
  const sum = parts.reduce((a, p) => a + p.effort, 0);
  return Math.abs(sum - plan.effort) < 0.05 ? parts.filter((p) => p.effort > 0) : null;
}

/** The dated events of a plan, in order: start, each change's deadline, apply-on, apply-by, program end. */
function events(plan, start, programEnd) {
  const ev = [{ date: start, kind: 'start', text: t('tl_start', { d: start }) }];
  for (const c of plan.changes || []) {
    if (c.lever === 'wait') continue;
    ev.push({ date: c.by || plan.apply_on, kind: 'change', lever: c.lever, text: `${leverLabel(c.lever)} (${t('step_by', { d: c.by || plan.apply_on })})` });
  }
  ev.push({ date: plan.apply_on, kind: 'apply', text: t('tl_apply', { d: plan.apply_on }) });
  if (plan.apply_by) ev.push({ date: plan.apply_by, kind: 'apply-by', text: t('tl_apply_by', { d: plan.apply_by }) });
  if (programEnd) ev.push({ date: programEnd, kind: 'end', text: t('tl_end', { d: programEnd }) });
  const order = { start: 0, change: 1, apply: 2, 'apply-by': 3, end: 4 };
  return ev.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : order[a.kind] - order[b.kind]));
}

/** The timeline: a row of dated events on wide screens, a vertical list on narrow ones (CSS). */
export function timeline(plan, start, programEnd) {
  return h('figure', { class: 'timeline-figure' },
    h('figcaption', { class: 'small muted' }, t('timeline')),
    h('ol', { class: 'timeline' }, events(plan, start, programEnd).map((e) => h('li', { class: `tl-${e.kind}`, dataset: { date: e.date, lever: e.lever } },
      h('span', { class: 'tl-dot', 'aria-hidden': 'true' }), h('time', { datetime: e.date }, e.text)))));
}

/** One plan: the window to apply, the steps with dates, the effort with its unit, the timeline. */
export function planView(plan, ctx) {
  const parts = effortParts(plan, ctx.costModel, ctx.start);
  const steps = (plan.changes || []).filter((c) => c.lever !== 'wait' || (plan.changes || []).length === 1);
  const waitChange = (plan.changes || []).find((c) => c.lever === 'wait');
  return h('div', { class: 'plan', dataset: { applyOn: plan.apply_on, applyBy: plan.apply_by || null, objective: ctx.objectives ? ctx.objectives.join(' ') : null } },
    h('p', { class: 'plan-window' },
      h('strong', { dataset: { role: 'apply-on' } }, t('apply_on', { d: plan.apply_on })),
      plan.apply_by ? [' · ', h('strong', { dataset: { role: 'apply-by' } }, t('apply_by', { d: plan.apply_by }))] : null,
      plan.apply_by_reason ? h('span', { class: 'small muted' }, ` (${plan.apply_by_reason})`) : null,
      h('br'), h('span', { class: 'small' }, t('months_from_start', { n: plan.months_from_start, d: ctx.start }))),
    plan.score ? h('p', { class: 'plan-score', dataset: { role: 'plan-score' } },
      t('plan_score', { s: rangeText(plan.score), d: plan.apply_on }),
      ctx.target && typeof ctx.target.score === 'number' ? ` · ${t('plan_target', { c: fmtNumber(ctx.target.score, 0), d: ctx.target.draw_date })}` : '') : null,
    h('p', { class: 'effort', dataset: { role: 'effort' } }, t('effort', { e: fmtNumber(plan.effort) }),
      parts && parts.length ? `; ${t('effort_parts', { p: parts.map((p) => `${leverLabel(p.lever)} ${fmtNumber(p.effort)}`).join(', ') })}` : '',
      '.'),
    plan.optimal ? null : h('p', { class: 'small warn' }, t('not_optimal')),
    (plan.changes || []).length === 0 ? h('p', {}, t('no_changes')) : h('ol', { class: 'steps', 'aria-label': t('steps') },
      steps.map((c) => h('li', { class: 'step', dataset: { lever: c.lever } },
        h('strong', {}, leverLabel(c.lever)), ' ',
        stepChange(c), ' — ',
        h('span', { class: 'step-by' }, t('step_by', { d: c.by || plan.apply_on })),
        c.note ? h('span', { class: 'note small muted' }, c.note) : null)),
      waitChange && steps.length && !steps.includes(waitChange) ? h('li', { class: 'step', dataset: { lever: 'wait' } },
        h('strong', {}, leverLabel('wait')), ' — ', h('span', { class: 'step-by' }, t('apply_on', { d: plan.apply_on })),
        waitChange.note ? h('span', { class: 'note small muted' }, waitChange.note) : null) : null),
    plan.score_timeline ? scoreChart(plan, ctx.target, ctx.birthDate) : null,
    ctx.withTimeline ? timeline(plan, ctx.start, ctx.programEnd) : null);
}

const known = (v) => v !== null && v !== undefined && v !== '';

/** What a step changes, in words: "6 → 7", "→ Favourable", or nothing for a declaration to sign. */
function stepChange(c) {
  if (c.lever === 'wait' || String(c.lever).startsWith('declaration.')) return null;
  if (!known(c.to)) return null;
  if (!known(c.from)) return h('span', {}, t('step_to', { t: fmtValue(c.lever, c.to) }));
  return h('span', {}, t('step_from_to', { f: fmtValue(c.lever, c.from), t: fmtValue(c.lever, c.to) }));
}

/** The plans block of a route: distinct best plans (one when both objectives agree), others folded. */
export function plansBlock(routeId, routeGaps, ctx) {
  const distinct = distinctPlans(routeGaps, ctx.objective);
  const block = h('section', { class: 'plans', dataset: { plansFor: routeId } }, h('h4', {}, t('plans_title')));
  if (!distinct.length) {
    block.append(h('p', { class: 'muted' }, t('no_plan')));
    return block;
  }
  if (distinct.length === 1 && distinct[0].objectives.length === 2) block.append(h('p', { class: 'small muted' }, t('plan_same')));
  for (const d of distinct) {
    const art = h('article', { class: 'plan-card', dataset: { objectives: d.objectives.join(' ') } },
      h('h5', {}, d.objectives.map((o) => t(`objective_${o}`)).join(' · ')),
      planView(d.plan, { ...ctx, objectives: d.objectives, withTimeline: true }));
    if (d.others.length) {
      art.append(h('details', { class: 'other-plans' }, h('summary', {}, t('other_plans', { n: d.others.length })),
        d.others.map((p, i) => h('div', {}, h('h6', {}, t('plan_n', { n: i + 2 })), planView(p, { ...ctx, objectives: d.objectives, withTimeline: false })))));
    }
    block.append(art);
  }
  return block;
}
