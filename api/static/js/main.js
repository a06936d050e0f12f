/* Advisor page: wires the controls to actions, and renders every view from the one state.
 * Each action replaces part of the state (never patches the page by hand); answers come
 * back tagged with what they were computed from, and a view shows them only for the
 * session on screen. */

import * as api from './api.js';
import { $, $$, fill, h } from './dom.js';
import { LISTS, renderForm, readForm, withRow, withOffer, locate, labelOf, markErrors, fieldId } from './form.js';
import { lang, leverLabel, loadCatalogues, pickText, setLang, splitSource, t } from './i18n.js';
import { plansBlock } from './plans.js';
import { errorBlock, programEnd, questionsBlock, rankRoutes, routeAnswers, routeGroups, routeName, setLeverText } from './results.js';
import { rangeText, targetOf } from './score.js';
import { SessionError, compactApplicant, download, fragmentSession, fromBase64Url, printSheet, readSession, sessionFile, sessionLink } from './session.js';
import { OBJECTIVES, PROGRAM_END, canonical, currentResults, emptySession, sessionKey, state, subscribe, update } from './state.js';
import { comparison, draftFor, readDraft, scenario, whatifForm } from './whatif.js';

// Mid-sentence, a French lever name starts in lower case ("après cours de français : …").
setLeverText((l) => {
  const s = leverLabel(l);
  return lang() === 'fr' ? s.charAt(0).toLowerCase() + s.slice(1) : s;
});

let seq = 0;              // the latest request batch; older answers are dropped
let defaultDate = null;   // {date, note}

// ------------------------------------------------------------------ defaults

function todayIso() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Today while a program runs; after they all ended, the start of the last intake window. */
function computeDefaultDate(catalog) {
  const today = todayIso();
  const routes = Object.values((catalog && catalog.byId) || {});
  const running = routes.length ? routes.some((r) => !r.end_date || today < r.end_date) : today < PROGRAM_END;
  const end = routes.map((r) => r.end_date).filter(Boolean).sort().pop() || PROGRAM_END;
  if (running) return { date: today, note: { key: 'date_today_note', vars: { d: today } } };
  let last = null;
  for (const r of Object.values((catalog && catalog.byId) || {})) {
    for (const ed of r.editions || []) for (const w of ed.windows || []) if (w.start < end && (!last || w.start > last)) last = w.start;
  }
  last = last || '2025-01-13';
  return { date: last, note: { key: 'date_default_note', vars: { d: last, e: end } } };
}

function initialLang() {
  const q = new URLSearchParams(window.location.search).get('lang');
  if (q === 'fr' || q === 'en') return q;
  try {
    const saved = localStorage.getItem('pilotgap.lang');
    if (saved === 'fr' || saved === 'en') return saved;
  } catch (e) { /* private browsing */ }
  const nav = (navigator.languages && navigator.languages[0]) || navigator.language || 'en';
  return String(nav).toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

// ------------------------------------------------------------------ rendering

const form = () => $('#profile');

function planCtx(answers) {
  return (id) => {
    const a = routeAnswers(answers, id);
    return {
      start: answers.gaps ? answers.gaps.earliest.application_date : answers.elig.application_date,
      costModel: answers.gaps ? answers.gaps.earliest.cost_model : null,
      programEnd: programEnd(state.catalog, id),
      objective: state.session.objective,
      target: a.rank || (a.gaps && OBJECTIVES.some((o) => a.gaps[o] && a.gaps[o].target)) ? targetOf({ id, ...a }) : null,
      birthDate: state.session.applicant.birth_date,
    };
  };
}

function fieldLink(field) {
  const el = locate(form(), ['applicant', ...String(field).split('.')]);
  if (!el) return null;
  return h('a', { href: `#${el.id}`, class: 'small', dataset: { questionField: field }, onclick: (ev) => { ev.preventDefault(); focusField(el.id); } }, t('questions_field'));
}

function focusField(id) {
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: 'center' });
  el.focus({ preventScroll: true });
}

function renderTop() {
  document.title = t('app_title');
  $('#app-title').textContent = t('app_title');
  $('#rules-version').textContent = state.catalog ? t('rules_version', { v: state.catalog.rulesVersion }) : '';
  for (const el of $$('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  $('#actions').setAttribute('aria-label', t('actions_label'));
  for (const b of $$('[data-action="lang-en"], [data-action="lang-fr"]')) {
    b.setAttribute('aria-pressed', String(b.dataset.action === `lang-${state.lang}`));
  }
  for (const b of $$('#actions button[data-action="check"], #actions button[data-action="plan"]')) b.disabled = Boolean(state.busy);
}

function renderMessages() {
  const box = $('#messages');
  fill(box,
    state.busy ? h('div', { class: 'banner banner-info' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t(state.busy)) : null,
    state.message ? h('div', { class: `banner banner-${state.message.kind}` }, state.message.text,
      state.message.link ? h('input', { id: 'session-link', type: 'text', readonly: true, value: state.message.link, 'aria-label': t('btn_copy_link') }) : null) : null);
}

function renderResults() {
  const region = $('#results');
  region.setAttribute('aria-busy', state.busy ? 'true' : 'false');
  const answers = currentResults();
  const body = $('#results-body');
  const parts = [errorBlock(state.error, focusField)];
  if (!answers) {
    parts.push(h('p', { class: 'muted', id: 'results-empty' }, state.results && !state.error ? t('results_stale') : t('results_empty')));
  } else {
    const e = answers.elig;
    parts.push(e.notice ? h('p', { class: 'banner banner-warn', id: 'notice' }, e.notice) : null);
    parts.push(h('p', { class: 'meta small' }, answers.gaps
      ? t('meta', { d: e.application_date, h: answers.gaps.earliest.horizon_months })
      : [t('meta_check', { d: e.application_date }), ' · ', t('summary_hint_check')]));
    const ctx = { catalog: state.catalog, planCtx: planCtx(answers) };
    parts.push(routeGroups(rankRoutes(answers), state.open, ctx, e.application_date, state.groupsOpen,
      (family, open) => { state.groupsOpen = { ...state.groupsOpen, [family]: open }; }));
    parts.push(questionsBlock(answers.questions, fieldLink, answers.ranking));
    parts.push(whatifForm(state.whatifDraft || draftFor(state.session)));
    if (state.whatif && state.whatif.key === sessionKey(state.session, state.lang)) parts.push(comparison(state.whatif, state.catalog).node);
  }
  fill(body, ...parts);
  $('#live').textContent = state.live;
}

/** A service text for the client: a request option named in it (advice for the advisor) is left out. */
function clientText(text) {
  return String(text).replace(/\s*\([a-z]+(?:_[a-z]+)+\s*:\s*[a-z0-9_]+\)/g, '');
}

function renderPrint() {
  const sheet = $('#print-sheet');
  const answers = currentResults();
  const id = state.printRoute;
  if (!answers || !id) { fill(sheet); return; }
  const a = routeAnswers(answers, id);
  const e = a.elig;
  const date = answers.elig.application_date || state.session.application_date;
  const sources = [...new Set((e ? e.criteria : []).map((c) => c.source).filter(Boolean))];
  const client = (state.session.client_name || '').trim() || t('client');
  const ctx = planCtx(answers)(id);
  const target = ctx.target;
  const end = programEnd(state.catalog, id);
  fill(sheet,
    h('h1', {}, t('print_title', { c: client })),
    h('p', {}, t('print_date', { d: todayIso(), a: date })),
    h('h2', {}, t('print_route', { r: routeName(state.catalog, id) })),
    h('p', { dataset: { role: 'print-verdict' } }, t('print_verdict', { d: date, v: t(`v_${e ? e.verdict : 'unknown'}`) }),
      a.status ? ` · ${t(`g_${a.status}`)}` : ''),
    a.rank && a.rank.score ? h('p', { dataset: { role: 'print-score' } },
      t('print_score', { s: rangeText(a.rank.score), d: date }),
      target && typeof target.score === 'number' ? ` · ${t('print_target', { c: rangeText({ min: target.score, max: target.score }), d: target.draw_date, x: target.exercise || '—' })}` : '',
      target && target.passes && typeof target.score === 'number' ? ` · ${t(`pass_${target.passes}`)}` : '') : null,
    a.gaps && a.status !== 'unreachable' ? plansBlock(id, a.gaps, ctx) : null,
    a.status === 'unreachable' ? h('ul', {}, [...new Set(OBJECTIVES.flatMap((o) => (a.gaps[o] && a.gaps[o].reasons) || []))].map((r) => h('li', {}, clientText(r)))) : null,
    !a.gaps ? h('p', {}, t('plans_none_yet')) : null,
    h('h3', {}, t('print_sources')),
    h('ul', { class: 'small' }, sources.map((src) => {
      const p = splitSource(src);
      return h('li', {}, p.tag ? `${p.tag} — ` : '', h('cite', {}, p.ref));
    })),
    h('p', { class: 'small muted' }, end && date < end ? t('print_footer_running', { v: answers.elig.rules_version, e: end })
      : end ? t('print_footer', { v: answers.elig.rules_version, e: end }) : t('print_footer_open', { v: answers.elig.rules_version })));
  sheet.dataset.route = id;
}

let formRenderedFor = null;
function render() {
  renderTop();
  // The form is rebuilt only when the session is replaced or its shape or language changes,
  // so typing never loses focus.
  const formKey = JSON.stringify([state.generation, state.lang, state.formShape, Boolean(state.catalog)]);
  if (formRenderedFor !== formKey) {
    renderForm(form(), state.session, state.catalog, state.dateNote);
    formRenderedFor = formKey;
  }
  markErrors(form(), (state.error && state.error.items) || []);
  renderMessages();
  renderResults();
  renderPrint();
  if (state.focusResults) {
    state.focusResults = false;
    $('#results-title').focus();
  }
}

subscribe(render);

// ------------------------------------------------------------------ errors

function errorFrom(err) {
  if (err instanceof api.ApiError) {
    if (err.kind === 'invalid') {
      const detail = Array.isArray(err.data && err.data.detail) ? err.data.detail : [];
      const items = detail.map((d) => {
        const loc = Array.isArray(d.loc) ? d.loc : [];
        const el = locate(form(), loc);
        return { id: el ? el.id : null, label: labelOf(el), msg: String(d.msg || '').replace(/^(Value|Assertion) error,\s*/i, '') };
      });
      return { message: t('err_422'), items };
    }
    if (err.kind === 'network') return { message: t('err_network'), items: [] };
    if (err.kind === 'timeout') return { message: t('err_timeout'), items: [] };
    return { message: t('err_http', { s: err.status }), items: [] };
  }
  return { message: t('err_script', { m: (err && err.message) || String(err) }), items: [] };
}

/** A session-file path ("applicant.work_history.0.start") in the advisor's words. */
function pathLabel(path) {
  const p = String(path).split('.').filter(Boolean);
  if (p[0] === 'applicant') p.shift();
  const out = [];
  for (let i = 0; i < p.length; i += 1) {
    const k = p[i];
    const rowKey = { diplomas: 'diploma_n', work_history: 'work_n', residence_history: 'residence_n', study_history: 'study_n', authorizations: 'auth_n' }[k];
    const sectionKey = { spouse: 'sec_spouse', family_in_quebec: 'sec_family', exceptional_talent: 'sec_talent' }[k];
    if (rowKey && /^\d+$/.test(p[i + 1] || '')) {
      out.push(t(rowKey, { n: Number(p[i + 1]) + 1 }));
      i += 1;
    } else if (sectionKey) out.push(t(sectionKey));
    else if (k === 'french') out.push(t('sec_french').split(' (')[0]);
    else if (k === 'job_offer') out.push(t('offer'));
    else if (k === 'application_date') out.push(t('fld_application_date'));
    else if (k === 'horizon_months') out.push(t('fld_horizon'));
    else out.push(t(`fld_${k}`) === `fld_${k}` ? k : t(`fld_${k}`));
  }
  return out.join(' › ') || t('field_body');
}

// ------------------------------------------------------------------ actions

async function run(kind) {
  const my = ++seq;
  const session = state.session;
  const lang = state.lang;
  const key = sessionKey(session, lang);
  update({ busy: kind === 'plan' ? 'busy_plan' : 'busy_check', error: null, message: null });
  try {
    const tasks = [api.eligibility(session, lang), api.questions(session, lang), api.ranking(session, lang)];
    if (kind === 'plan') tasks.push(api.gaps(session, lang, 'earliest'), api.gaps(session, lang, 'least_effort'));
    const [elig, questions, ranking, earliest, leastEffort] = await Promise.all(tasks);
    if (my !== seq) return;
    const results = { key, kind, elig, questions, ranking, gaps: kind === 'plan' ? { earliest, least_effort: leastEffort } : null };
    update({ results, busy: null, live: liveSummary(results), focusResults: true, whatif: null });
  } catch (err) {
    if (my !== seq) return;
    // An error means nothing on screen is current: the old results go.
    update({ results: null, whatif: null, busy: null, error: errorFrom(err), live: errorFrom(err).message, focusResults: true });
  }
}

function liveSummary(results) {
  const rows = rankRoutes(results);
  const count = (f) => rows.filter(f).length;
  if (!results.gaps) {
    return t('live_check', { e: count((r) => r.elig && r.elig.verdict === 'eligible'), n: count((r) => r.elig && r.elig.verdict === 'not_eligible'), u: count((r) => r.elig && r.elig.verdict === 'unknown') });
  }
  return t('live_plan', { e: count((r) => r.bucket === 0), r: count((r) => r.bucket === 1), u: count((r) => r.bucket === 2), x: count((r) => r.bucket === 3) });
}

async function runWhatIf() {
  const draft = readDraft($('#whatif'));
  const sc = scenario(state.session, draft);
  if (sc.error) {
    update({ whatifDraft: draft, message: { kind: 'error', text: t(sc.error) } });
    return;
  }
  const my = ++seq;
  const lang = state.lang;
  const key = sessionKey(state.session, lang);
  const current = currentResults();
  update({ whatifDraft: draft, busy: 'busy_whatif', error: null, message: null });
  try {
    const need = (s) => Promise.all([api.eligibility(s, lang), api.gaps(s, lang, 'earliest'), api.gaps(s, lang, 'least_effort')]);
    const [cur, nxt] = await Promise.all([
      current && current.gaps ? Promise.resolve([current.elig, current.gaps.earliest, current.gaps.least_effort]) : need(state.session),
      need(sc.session),
    ]);
    if (my !== seq) return;
    const pack = ([elig, earliest, leastEffort]) => ({ elig, gaps: { earliest, least_effort: leastEffort } });
    const w = { key, label: sc.label, current: pack(cur), scenario: pack(nxt) };
    const results = current && current.gaps ? current : { key, kind: 'plan', questions: current ? current.questions : null, ranking: current ? current.ranking : null, ...pack(cur) };
    const { changed } = comparison(w, state.catalog);
    update({ whatif: w, results, busy: null, live: t('live_whatif', { n: changed }) });
    $('#comparison-title').focus();
  } catch (err) {
    if (my !== seq) return;
    update({ whatif: null, busy: null, error: errorFrom(err), live: errorFrom(err).message });
  }
}

/** Replace the whole state with another client's session (clear, open, link). */
function replaceSession(session, lang, message) {
  seq += 1; // answers still in flight belong to the previous client
  if (lang && lang !== state.lang) {
    setLang(lang);
    state.lang = lang;
  }
  update({
    session,
    generation: state.generation + 1,
    results: null, whatif: null, whatifDraft: null, error: null, busy: null, printRoute: null,
    open: new Set(), groupsOpen: {}, message, live: message ? message.text : '',
    formShape: shapeOf(session),
    dateNote: session.application_date === defaultDate.date ? defaultDate.note : { key: 'date_session_note', vars: { d: session.application_date } },
  });
}

function shapeOf(session) {
  const a = session.applicant;
  const lists = Object.keys(LISTS).map((l) => (a[l] || []).length).join('/');
  const spouse = a.spouse ? String(a.spouse.accompanying) : 'unknown';
  return `${lists}/${a.job_offer ? 1 : 0}/${Object.keys(session.reference_wages || {}).length}/${spouse}`;
}

function openSessionText(text, refusedKey, okKey) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    update({ message: { kind: 'error', text: `${t('err_file_json')} ${t(refusedKey)}` } });
    return false;
  }
  try {
    const { session, lang } = readSession(data, emptySession(defaultDate.date));
    replaceSession(session, lang, { kind: 'info', text: t(okKey) });
    run('plan');
    return true;
  } catch (e) {
    if (!(e instanceof SessionError)) throw e;
    const text2 = e.path ? t('err_field', { f: pathLabel(e.path), m: e.reason }) : e.reason;
    update({ message: { kind: 'error', text: `${text2}. ${t(refusedKey)}` } });
    return false;
  }
}

function openFromFragment() {
  const enc = fragmentSession(window.location.hash);
  if (!enc) return false;
  let text;
  try {
    text = fromBase64Url(enc);
  } catch (e) {
    update({ message: { kind: 'error', text: `${t('err_link')} ${t('link_refused')}` } });
    return false;
  }
  return openSessionText(text, 'link_refused', 'session_opened');
}

async function copyLink() {
  const link = sessionLink(state.session, state.lang);
  // Put the session in the address without reopening it (no hashchange).
  history.replaceState(null, '', link);
  let copied = false;
  try {
    await navigator.clipboard.writeText(link);
    copied = true;
  } catch (e) { /* clipboard refused: the link is shown to copy by hand */ }
  update({ message: { kind: 'info', text: copied ? t('link_copied') : t('link_shown'), link } });
}

function switchLang(lang) {
  if (lang === state.lang) return;
  const hadResults = currentResults();
  setLang(lang);
  try { localStorage.setItem('pilotgap.lang', lang); } catch (e) { /* private browsing */ }
  update({ lang, error: null, message: null, whatif: null, whatifDraft: null });
  // Answers carry explanations in the language asked: ask again in the new one.
  if (hadResults) run(hadResults.kind === 'plan' ? 'plan' : 'check');
}

function onFormChange(ev) {
  const session = readForm(form(), state.session);
  if (canonical(session) === canonical(state.session)) return;
  const shape = shapeOf(session);
  update({ session, whatifDraft: null, formShape: shape });
  // A change of shape (the spouse now accompanies) rebuilds the form: keep the focus where it was.
  const id = ev && ev.target && ev.target.id;
  if (id && document.activeElement === document.body && document.getElementById(id)) document.getElementById(id).focus();
}

function onAction(action, el) {
  switch (action) {
    case 'check': return run('check');
    case 'plan': return run('plan');
    case 'clear':
      if (fragmentSession(window.location.hash)) history.replaceState(null, '', window.location.pathname + window.location.search);
      return replaceSession(emptySession(defaultDate.date), null, { kind: 'info', text: t('cleared') });
    case 'save-session':
      return download('pilotgap-session.json', JSON.stringify(sessionFile(state.session, state.lang), null, 2));
    case 'open-session': return $('#open-session-file').click();
    case 'export-profile': // the bare Applicant, the file `pilotgap check` reads
      return download('profile.json', JSON.stringify(compactApplicant(state.session.applicant), null, 2));
    case 'copy-link': return copyLink();
    case 'lang-en': return switchLang('en');
    case 'lang-fr': return switchLang('fr');
    case 'details': {
      const open = new Set(state.open);
      const id = el.dataset.route;
      if (open.has(id)) open.delete(id); else open.add(id);
      update({ open });
      const btn = $(`#route-${id} [data-action="details"]`);
      if (btn) btn.focus();
      return null;
    }
    case 'print-plan':
      update({ printRoute: el.dataset.route });
      return printSheet();
    case 'whatif': return runWhatIf();
    case 'whatif-close': update({ whatif: null, whatifDraft: null }); return null;
    default: return null;
  }
}

// ------------------------------------------------------------------ start

async function start() {
  await loadCatalogues('static/');
  state.lang = initialLang();
  setLang(state.lang);
  try {
    const cat = await api.catalog(state.lang);
    const byId = {};
    for (const r of cat.routes || []) byId[r.route] = r;
    state.catalog = { byId, assumptions: cat.assumptions || [], rulesVersion: cat.rules_version };
  } catch (e) {
    state.catalog = null; // names and the default date then come from the page's own catalogue
  }
  defaultDate = computeDefaultDate(state.catalog);
  state.session = emptySession(defaultDate.date);
  state.dateNote = defaultDate.note;
  state.formShape = shapeOf(state.session);

  document.addEventListener('click', (ev) => {
    const el = ev.target.closest('[data-action], [data-add], [data-remove]');
    if (!el) return;
    if (el.dataset.add) {
      const s = withRow(readForm(form(), state.session), el.dataset.add);
      update({ session: s, formShape: shapeOf(s) });
      const list = el.dataset.add === 'wages' ? 'wages' : el.dataset.add;
      const rows = $$(`.row[data-list="${list}"]`);
      const last = rows[rows.length - 1];
      if (last) $('input, select', last).focus();
    } else if (el.dataset.remove) {
      const s = withRow(readForm(form(), state.session), el.dataset.remove, Number(el.dataset.index));
      update({ session: s, formShape: shapeOf(s) });
    } else {
      onAction(el.dataset.action, el);
    }
  });
  form().addEventListener('input', onFormChange);
  form().addEventListener('change', (ev) => {
    if (ev.target.id === 'f-has_offer') {
      const s = withOffer(readForm(form(), state.session), ev.target.checked);
      update({ session: s, formShape: shapeOf(s) });
      return;
    }
    onFormChange(ev);
  });
  // Enter in a field runs Check (not in a button or a textarea).
  document.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter' || ev.isComposing) return;
    const el = ev.target;
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement)) return;
    if (el.type === 'checkbox' || el.type === 'file' || el.id === 'session-link') return;
    ev.preventDefault();
    if (el.closest('#whatif')) runWhatIf();
    else if (el.closest('#profile')) {
      onFormChange();
      run('check');
    }
  });
  $('#open-session-file').addEventListener('change', async (ev) => {
    const file = ev.target.files && ev.target.files[0];
    ev.target.value = '';
    if (file) openSessionText(await file.text(), 'file_refused', 'session_opened');
  });
  window.addEventListener('hashchange', openFromFragment);
  window.addEventListener('error', (ev) => update({ message: { kind: 'error', text: t('err_script', { m: ev.message }) } }));

  if (!openFromFragment()) render();
  document.body.dataset.ready = 'true';
}

start();

// For the console and tests: the session on screen, read-only.
window.pilotgapAdvisor = {
  session: () => ({ ...structuredClone(state.session), applicant: compactApplicant(state.session.applicant) }),
  pickText,
  fieldId,
};
