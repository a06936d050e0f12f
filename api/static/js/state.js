/* The page's one state: the session on screen (profile, date, options) and the answers
 * computed from exactly that session. Every view is rendered from it. */

export const ROUTE_IDS = [
  'food-processing', 'orderlies-work', 'orderlies-work-study',
  'ai-foreign-worker-francophone', 'ai-foreign-worker-francization',
  'ai-quebec-graduate-francophone', 'ai-quebec-graduate-francization',
  'it-ve-francophone', 'it-ve-francization',
  'pstq-high-qualification', 'pstq-intermediate-manual', 'pstq-regulated-professions', 'pstq-exceptional-talent',
  'peq-quebec-graduates', 'peq-temporary-workers',
];
/** Program families, in the order the page shows them when they are open alike. */
export const FAMILIES = ['pstq', 'peq', 'pilots'];
export const OBJECTIVES = ['earliest', 'least_effort'];
export const PROGRAM_END = '2026-01-01';
export const APPLICANT_KEYS = ['birth_date', 'status_in_quebec', 'intends_to_settle_in_quebec', 'controls_employer',
  'respected_conditions_of_stay', 'self_sufficiency_undertaking', 'commits_to_learn_french',
  'expert_committee_opinion', 'french', 'diplomas', 'work_history', 'job_offer',
  'spouse', 'family_in_quebec', 'authorizations', 'exceptional_talent', 'residence_history', 'study_history', 'principal_noc'];

export function emptyApplicant() {
  return {
    birth_date: null, status_in_quebec: null, intends_to_settle_in_quebec: null, controls_employer: null,
    respected_conditions_of_stay: null, self_sufficiency_undertaking: null, commits_to_learn_french: null,
    expert_committee_opinion: null, french: null, diplomas: [], work_history: [], job_offer: null,
    spouse: null, family_in_quebec: null, authorizations: [], exceptional_talent: null,
    residence_history: [], study_history: [], principal_noc: null,
  };
}

/** A fresh session: nothing of any previous client. */
export function emptySession(defaultDate) {
  return {
    client_name: '',
    applicant: emptyApplicant(),
    application_date: defaultDate,
    horizon_months: 36,
    objective: 'earliest',
    respect_intake_windows: true,
    reference_wages: null,
    assumptions: {},
  };
}

export const state = {
  lang: 'en',
  catalog: null,       // {byId: {route id: RouteInfo}, assumptions: [AssumptionInfo], rulesVersion}
  session: null,       // what the form shows (emptySession shape)
  dateNote: null,      // {key, vars}: why the application date is what it is
  generation: 0,       // bumped whenever the whole client is replaced (clear, open, link)
  results: null,       // {key, elig, ranking, gaps: {earliest, least_effort} | null, questions: QuestionsAnswer | null}
  whatif: null,        // {key, label, current: {elig, gaps}, scenario: {elig, gaps}}
  open: new Set(),     // route ids whose details are open
  groupsOpen: {},      // program family -> true/false when the advisor opened or closed its group
  busy: null,          // i18n key of the request in flight, or null
  error: null,         // {message, items: [{id, label, msg}]}
  message: null,       // {kind: 'info' | 'error', text}
  live: '',            // the aria-live summary
  focusResults: false, // move focus to the results heading after the next render
  whatifDraft: null,   // the what-if form's values while the advisor edits them
  printRoute: null,    // the route whose client plan the print sheet shows
  formShape: '',       // rows in the form; the form is rebuilt when it changes
};

/** The identity of what an answer was computed from: the request's inputs and language. */
export function sessionKey(session, lang) {
  const s = session;
  return canonical([s.applicant, s.application_date, s.horizon_months, s.respect_intake_windows,
    filledWages(s.reference_wages), s.assumptions, lang]);
}

/** JSON with the keys of every object sorted: equal values give equal strings. */
export function canonical(value) {
  return JSON.stringify(value, (k, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((key) => [key, v[key]]))
    : v));
}

/** The reference wages actually given (a row still empty is not one). */
export function filledWages(wages) {
  const out = {};
  for (const [noc, wage] of Object.entries(wages || {})) if (noc !== '' || wage !== null) out[noc] = wage;
  return Object.keys(out).length ? out : null;
}

/** The results, only when they belong to the session on screen. */
export function currentResults() {
  if (!state.results || !state.session) return null;
  return state.results.key === sessionKey(state.session, state.lang) ? state.results : null;
}

const listeners = [];
export function subscribe(fn) {
  listeners.push(fn);
}

/** Change the state, then render everything from it. */
export function update(patch) {
  Object.assign(state, patch);
  for (const fn of listeners) fn(state);
}
