/* PSTQ ranking score: the score (or its range) against the latest cut-off, a bar per group and
 * per factor (earned and left), the recorded rounds with pass / fail / unknown, and the plan's
 * score-over-time chart (hand-written SVG). Rendered from the answers only. */

import { h } from './dom.js';
import { fmtNumber, leverLabel, t } from './i18n.js';
import { OBJECTIVES } from './state.js';

const SVG = 'http://www.w3.org/2000/svg';
export const GRID_MAX = 1400;

/** An SVG element: s('line', {x1: 0, ...}, child...). */
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'dataset') for (const [dk, dv] of Object.entries(v)) el.dataset[dk] = String(dv);
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const num = (n) => fmtNumber(n, 0);

/** "638" or "564–778". */
export function rangeText(r) {
  if (!r || typeof r.min !== 'number') return '—';
  return r.min === r.max ? num(r.min) : `${num(r.min)}–${num(r.max)}`;
}

/**
 * The cut-off a route's score is read against: the gap answer's `target` when planned, else the
 * highest minimum of the stream's latest recorded round. {score, draw_date, exercise, passes} or null.
 */
export function targetOf(row) {
  let target = null;
  for (const o of OBJECTIVES) {
    const g = row.gaps && row.gaps[o];
    if (g && g.target) { target = { ...g.target }; break; }
  }
  const draws = (row.rank && row.rank.draws) || [];
  if (!target && draws.length) {
    const latest = draws.filter((d) => d.date === draws[0].date && typeof d.min_score === 'number');
    const top = latest.reduce((best, d) => (!best || d.min_score > best.min_score ? d : best), null);
    target = top ? { score: top.min_score, draw_date: top.date, exercise: top.exercise }
      : { score: null, draw_date: draws[0].date, exercise: null };
  }
  if (!target) return null;
  const draw = draws.find((d) => d.date === target.draw_date && d.exercise === target.exercise);
  const sc = row.rank && row.rank.score;
  let passes = draw ? draw.passes : null;
  if (!passes && sc && typeof target.score === 'number') {
    passes = sc.min >= target.score ? 'yes' : sc.max < target.score ? 'no' : 'unknown';
  }
  return { ...target, passes };
}

function targetText(target) {
  if (!target || typeof target.score !== 'number') {
    return target && target.draw_date ? t('score_no_cutoff', { d: target.draw_date }) : '';
  }
  return target.exercise
    ? t('score_cutoff', { c: num(target.score), d: target.draw_date, x: target.exercise })
    : t('score_cutoff_plain', { c: num(target.score), d: target.draw_date });
}

function passBadge(passes) {
  if (!passes) return null;
  return h('span', { class: `badge pass-${passes}`, dataset: { role: 'passes' } }, t(`pass_${passes}`));
}

/** A horizontal bar: earned for sure, earned maybe (the range), left; optional target tick. */
function bar(points, max, target) {
  const pct = (v) => `${Math.max(0, Math.min(100, (100 * v) / max)).toFixed(2)}%`;
  return h('div', { class: 'bar', 'aria-hidden': 'true' },
    h('span', { class: 'bar-earned', style: `width:${pct(points.min)}` }),
    points.max > points.min ? h('span', { class: 'bar-range', style: `left:${pct(points.min)};width:${pct(points.max - points.min)}` }) : null,
    typeof target === 'number' ? h('span', { class: 'bar-target', style: `left:${pct(target)}` }) : null);
}

function barRow(label, points, max, extra) {
  const left = { min: max - points.max, max: max - points.min };
  return h('li', { class: 'bar-row', dataset: extra },
    h('span', { class: 'bar-label' }, label),
    bar(points, max),
    h('span', { class: 'bar-value small' }, t('points_of', { p: rangeText(points), m: num(max), l: rangeText(left) })));
}

/** Under the route's name: the score against the cut-off, with a meter. */
export function scoreSummary(rank, target) {
  const sc = rank.score;
  return h('div', { class: 'score-panel', dataset: { role: 'score' } },
    h('p', { class: 'score-line' },
      h('strong', {}, sc.min === sc.max ? t('score_is', { s: num(sc.min), m: num(GRID_MAX) }) : t('score_range', { a: num(sc.min), b: num(sc.max), m: num(GRID_MAX) })),
      target ? [' · ', targetText(target), ' ', passBadge(typeof target.score === 'number' ? target.passes : null)] : null),
    h('div', { class: 'meter' }, bar(sc, GRID_MAX, target && target.score)),
    rank.principal_noc ? h('p', { class: 'small muted' }, t('score_noc', { n: rank.principal_noc })) : null);
}

/** In the details: a bar per group and per factor, and the recorded rounds. */
export function scoreDetails(rank, target) {
  const factors = rank.factors || [];
  const draws = rank.draws || [];
  const drawRow = (d) => h('tr', { dataset: { drawDate: d.date, passes: d.passes } },
    h('td', {}, d.date), h('td', {}, d.exercise || '—'),
    h('td', {}, typeof d.min_score === 'number' ? num(d.min_score) : t('draw_no_min')),
    h('td', {}, typeof d.invited === 'number' ? num(d.invited) : '—'),
    h('td', {}, passBadge(d.passes), (d.filters || []).length ? h('span', { class: 'small muted' }, ` ${t('draw_filtered')}`) : null));
  const table = (rows) => h('table', { class: 'draws small' },
    h('thead', {}, h('tr', {}, ['draw_date', 'draw_exercise', 'draw_min', 'draw_invited', 'draw_passes'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, rows.map(drawRow)));
  return h('section', { class: 'score-details', dataset: { scoreFor: rank.route } },
    h('h4', {}, t('score_groups')),
    h('ul', { class: 'bars' }, (rank.groups || []).map((g) => barRow(t(`group_${g.id}`), g.points, g.max, { group: g.id }))),
    factors.length ? h('details', { class: 'factors' }, h('summary', {}, t('score_factors', { n: factors.length })),
      h('ul', { class: 'bars' }, factors.map((f) => {
        const li = barRow(factorName(f), f.points, f.max, { factor: f.id });
        if (f.explanation) li.append(h('span', { class: 'bar-expl small muted' }, f.explanation));
        return li;
      }))) : null,
    draws.length ? [h('h4', {}, t('score_draws')), table(draws.slice(0, 6)),
      draws.length > 6 ? h('details', { class: 'more-draws' }, h('summary', {}, t('draws_more', { n: draws.length - 6 })), table(draws.slice(6))) : null] : null,
    target ? h('p', { class: 'small' }, targetText(target)) : null);
}

/** A factor's name: its explanation up to the first colon (in the answer's language). */
function factorName(f) {
  const e = String(f.explanation || '');
  const i = e.indexOf(':');
  return i > 0 ? e.slice(0, i) : t('factor_other');
}

// ------------------------------------------------------------------ chart

function days(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86400000;
}

function birthdays(birth, from, to) {
  if (!birth) return [];
  const [, bm, bd] = birth.split('-');
  const out = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y += 1) {
    const iso = `${y}-${bm}-${bd === '29' && bm === '02' ? '28' : bd}`;
    if (iso > from && iso <= to) out.push(iso);
  }
  return out;
}

/**
 * The plan's score over its months (`score_timeline`), with the target line, markers where a change
 * raises the score, where experience points rise and where age points fall, and the birthdays.
 */
export function scoreChart(plan, target, birthDate) {
  const tl = (plan.score_timeline || []).filter((p) => p && typeof p.min === 'number').slice().sort((a, b) => (a.date < b.date ? -1 : 1));
  if (!tl.length) return null;
  const W = 360; const H = 150; const L = 40; const R = 10; const T = 12; const B = 26;
  const start = tl[0].date;
  let end = plan.apply_on && plan.apply_on > tl[tl.length - 1].date ? plan.apply_on : tl[tl.length - 1].date;
  if (end === start) end = `${Number(start.slice(0, 4)) + 1}${start.slice(4)}`;
  const goal = target && typeof target.score === 'number' ? target.score : null;
  const values = tl.flatMap((p) => [p.min, p.max]).concat(goal === null ? [] : [goal]);
  const lo = Math.max(0, Math.floor((Math.min(...values) - 20) / 10) * 10);
  const hi = Math.min(GRID_MAX, Math.ceil((Math.max(...values) + 20) / 10) * 10);
  const x = (iso) => L + ((W - L - R) * (days(iso) - days(start))) / Math.max(1, days(end) - days(start));
  const y = (v) => T + ((H - T - B) * (hi - v)) / Math.max(1, hi - lo);
  const step = (key) => {
    let d = `M${x(tl[0].date).toFixed(1)},${y(tl[0][key]).toFixed(1)}`;
    for (let i = 1; i < tl.length; i += 1) d += ` H${x(tl[i].date).toFixed(1)} V${y(tl[i][key]).toFixed(1)}`;
    return `${d} H${x(end).toFixed(1)}`;
  };
  const ranged = tl.some((p) => p.max !== p.min);
  const marks = [];
  const legend = new Set();
  for (let i = 1; i < tl.length; i += 1) {
    const p = tl[i];
    const cx = x(p.date); const cy = y(p.min);
    if ((p.events || []).length) {
      legend.add('change');
      marks.push(s('circle', { cx: cx.toFixed(1), cy: cy.toFixed(1), r: 4.5, class: 'mk-change', dataset: { marker: 'change', date: p.date } },
        s('title', {}, `${p.date}: ${p.events.map((e) => leverLabel(e)).join(', ')} (${num(p.min)})`)));
    } else if (p.min < tl[i - 1].min) {
      legend.add('age');
      marks.push(s('path', { d: `M${(cx - 5).toFixed(1)},${(cy - 4).toFixed(1)} h10 l-5,8 z`, class: 'mk-age', dataset: { marker: 'age', date: p.date } },
        s('title', {}, `${p.date}: ${t('chart_age')} (${num(p.min)})`)));
    } else if (p.min > tl[i - 1].min) {
      legend.add('rise');
      marks.push(s('path', { d: `M${(cx - 5).toFixed(1)},${(cy + 4).toFixed(1)} h10 l-5,-8 z`, class: 'mk-rise', dataset: { marker: 'rise', date: p.date } },
        s('title', {}, `${p.date}: ${t('chart_rise')} (${num(p.min)})`)));
    }
  }
  const bdays = birthdays(birthDate, start, end);
  if (bdays.length) legend.add('birthday');
  const summary = t('chart_summary', { a: rangeText(tl[0]), d: start, b: rangeText(tl[tl.length - 1]), e: tl[tl.length - 1].date })
    + (goal === null ? '' : ` ${t('chart_target', { c: num(goal) })}`);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'score-chart', role: 'img', 'aria-label': summary, dataset: { chart: 'score' } },
    s('title', {}, summary),
    s('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, class: 'axis' }),
    s('line', { x1: L, y1: T, x2: L, y2: H - B, class: 'axis' }),
    s('text', { x: L - 4, y: y(hi) + 4, class: 'tick', 'text-anchor': 'end' }, num(hi)),
    s('text', { x: L - 4, y: y(lo), class: 'tick', 'text-anchor': 'end' }, num(lo)),
    s('text', { x: L, y: H - 8, class: 'tick' }, start),
    s('text', { x: W - R, y: H - 8, class: 'tick', 'text-anchor': 'end' }, end),
    bdays.map((b) => s('line', { x1: x(b).toFixed(1), y1: T, x2: x(b).toFixed(1), y2: H - B, class: 'mk-birthday', dataset: { marker: 'birthday', date: b } },
      s('title', {}, t('chart_birthday', { d: b })))),
    goal === null ? null : [
      s('line', { x1: L, y1: y(goal).toFixed(1), x2: W - R, y2: y(goal).toFixed(1), class: 'target-line', dataset: { target: goal } }),
      s('text', { x: W - R - 2, y: (y(goal) - 3).toFixed(1), class: 'tick target-label', 'text-anchor': 'end' }, t('chart_target_short', { c: num(goal) }))],
    ranged ? s('path', { d: step('max'), class: 'score-max' }) : null,
    s('path', { d: step('min'), class: 'score-min' }),
    marks);
  const keys = ['change', 'rise', 'age', 'birthday'].filter((k) => legend.has(k));
  return h('figure', { class: 'chart-figure' }, svg,
    h('figcaption', { class: 'small muted chart-legend' },
      goal === null ? null : h('span', { class: 'lg lg-target' }, t('chart_lg_target')),
      keys.map((k) => h('span', { class: `lg lg-${k}` }, t(`chart_lg_${k}`)))));
}
