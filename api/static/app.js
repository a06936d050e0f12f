/* Advisor page for the Québec pilot-programs eligibility and gap service.
 *
 * Plain ES2020, no build step, no external resources. Talks only to the public
 * endpoints of CONTRACT.md: GET /v1/routes, POST /v1/eligibility, POST /v1/gaps,
 * POST /v1/what-if. Every answer shown comes from the service; the page only lays
 * it out (ranking, timeline) and never decides a verdict itself.
 */
(() => {
  'use strict';

  const ROUTE_IDS = [
    'food-processing', 'orderlies-work', 'orderlies-work-study',
    'ai-foreign-worker-francophone', 'ai-foreign-worker-francization',
    'ai-quebec-graduate-francophone', 'ai-quebec-graduate-francization',
    'it-ve-francophone', 'it-ve-francization',
  ];
  const PROGRAM_END = '2026-01-01';
  const OBJECTIVES = ['earliest', 'least_effort'];
  const REQUEST_TIMEOUT_MS = 180000;
  const STATUS_VALUES = ['worker', 'youth_exchange', 'spouse_open_work_permit', 'student', 'visitor', 'abroad', 'other'];
  const OPINION_VALUES = ['favourable', 'unfavourable'];
  const DIPLOMA_LEVELS = ['secondary', 'vocational', 'college', 'college_technical', 'bachelor',
    'graduate_diploma', 'master', 'doctorate'];

  // Field specs of the repeatable rows and of the job offer (name, kind, extra input attributes).
  const DIPLOMA_FIELDS = [
    { name: 'level', kind: 'select', options: 'level' },
    { name: 'program_code', kind: 'text', attrs: { maxlength: '20' } },
    { name: 'field', kind: 'text', attrs: { maxlength: '60' } },
    { name: 'in_quebec', kind: 'tri' },
    { name: 'full_time_months', kind: 'int', attrs: { min: '0', max: '240', step: '1' } },
    { name: 'obtained_on', kind: 'date' },
    { name: 'share_studied_in_quebec', kind: 'float', attrs: { min: '0', max: '1', step: '0.05' } },
  ];
  const WORK_FIELDS = [
    { name: 'noc', kind: 'text', attrs: { inputmode: 'numeric', maxlength: '5' } },
    { name: 'naics', kind: 'text', attrs: { inputmode: 'numeric', maxlength: '6' } },
    { name: 'role', kind: 'text', attrs: { maxlength: '60' } },
    { name: 'sector', kind: 'text', attrs: { maxlength: '60' } },
    { name: 'start', kind: 'date' },
    { name: 'end', kind: 'date' },
    { name: 'hours_per_week', kind: 'float', attrs: { min: '0', max: '168', step: '0.5' } },
    { name: 'annual_salary', kind: 'float', attrs: { min: '0', step: '500' } },
    { name: 'in_quebec', kind: 'tri' },
    { name: 'employer_in_cmm', kind: 'tri' },
    { name: 'paid', kind: 'tri' },
    { name: 'authorized', kind: 'tri' },
    { name: 'basic_personal_care', kind: 'tri' },
  ];
  const OFFER_FIELDS = [
    { name: 'noc', kind: 'text', attrs: { inputmode: 'numeric', maxlength: '5' } },
    { name: 'naics', kind: 'text', attrs: { inputmode: 'numeric', maxlength: '6' } },
    { name: 'role', kind: 'text', attrs: { maxlength: '60' } },
    { name: 'sector', kind: 'text', attrs: { maxlength: '60' } },
    { name: 'start', kind: 'date' },
    { name: 'hours_per_week', kind: 'float', attrs: { min: '0', max: '168', step: '0.5' } },
    { name: 'annual_salary', kind: 'float', attrs: { min: '0', step: '500' } },
    { name: 'employer_in_cmm', kind: 'tri' },
  ];
  const APPLICANT_KEYS = ['birth_date', 'status_in_quebec', 'intends_to_settle_in_quebec', 'controls_employer',
    'respected_conditions_of_stay', 'self_sufficiency_undertaking', 'commits_to_learn_french',
    'expert_committee_opinion', 'french', 'diplomas', 'work_history', 'job_offer'];

  // ------------------------------------------------------------------ strings
  const I18N = {
    en: {
      app_title: 'Québec pilot programs — eligibility and gap advisor',
      lang_label: 'Language',
      rules_version: 'Rules {v}',
      form_title: 'Client profile',
      sec_json: 'Import / export the profile (JSON)',
      json_text: 'Profile JSON (an Applicant, or a request body with "applicant")',
      json_file: 'Or choose a JSON file',
      btn_import: 'Import into the form',
      btn_export: 'Show the profile as JSON',
      btn_download: 'Download profile.json',
      btn_reset: 'Clear the form',
      sec_person: 'Applicant',
      fld_birth_date: 'Birth date',
      fld_status_in_quebec: 'Status in Québec',
      fld_intends_to_settle_in_quebec: 'Intends to settle in Québec to work',
      fld_controls_employer: "Controls the employer's business",
      fld_respected_conditions_of_stay: 'Has respected the conditions of stay',
      fld_self_sufficiency_undertaking: 'Signs the self-sufficiency undertaking',
      fld_commits_to_learn_french: 'Commits to learn French (francization)',
      fld_expert_committee_opinion: 'Expert committee opinion (AI)',
      sec_french: 'Oral French (Échelle québécoise, levels 1–12)',
      fld_oral_comprehension: 'Oral comprehension',
      fld_oral_production: 'Oral production',
      fld_assessed_on: 'Assessed on',
      sec_diplomas: 'Diplomas',
      no_diplomas: 'No diploma entered.',
      btn_add_diploma: '+ Add a diploma',
      diploma_n: 'Diploma {n}',
      sec_work: 'Work history (one row per job episode)',
      no_work: 'No job entered.',
      btn_add_work: '+ Add a job episode',
      work_n: 'Job {n}',
      btn_remove: 'Remove',
      remove_aria: 'Remove {what}',
      sec_offer: 'Accepted job offer (not yet started)',
      fld_has_offer: 'The client has accepted a job offer not yet started',
      sec_wages: 'Reference wages (IT-VE salary test, optional)',
      wages_hint: 'The top wage Emploi-Québec publishes for an occupation (CAD a year). Without one, the IT-VE salary criterion stays unknown.',
      btn_add_wage: '+ Add a reference wage',
      fld_wage_noc: 'NOC code',
      fld_wage_value: 'Top wage (CAD a year)',
      wage_n: 'reference wage {n}',
      sec_run: 'Check and plan',
      fld_application_date: 'Application date (plan start)',
      fld_application_date_short: 'Application date',
      fld_horizon: 'Planning horizon (months)',
      fld_respect_windows: 'Respect intake windows',
      btn_check: 'Check eligibility',
      btn_gaps: 'Plan gaps',
      sec_whatif: 'What if…',
      whatif_hint: 'Edit a value and press “What if” to see which routes change verdict. The profile above is not modified.',
      fld_wi_salary: 'Salary (CAD a year)',
      btn_whatif: 'What if',
      btn_whatif_sync: "Reset to the profile's values",
      btn_whatif_exit: 'Back to the profile results',
      // row fields
      fld_level: 'Level',
      fld_program_code: 'Program code (e.g. 5358)',
      fld_field: 'Field tag (e.g. orderly)',
      fld_in_quebec: 'In Québec',
      fld_full_time_months: 'Full-time months of study',
      fld_obtained_on: 'Obtained on',
      fld_share_studied_in_quebec: 'Share studied in Québec (0–1)',
      fld_noc: 'NOC code (4 or 5 digits)',
      fld_naics: 'NAICS code',
      fld_role: 'Role tag (e.g. chicken_catcher)',
      fld_sector: 'Sector tag (e.g. health, ai)',
      fld_start: 'Start',
      fld_end: 'End (empty: still held)',
      fld_hours_per_week: 'Hours a week',
      fld_annual_salary: 'Annual salary (CAD)',
      fld_employer_in_cmm: 'Employer in the Montréal CMM',
      fld_paid: 'Paid',
      fld_authorized: 'Authorised to work',
      fld_basic_personal_care: 'Basic personal care (health)',
      // options
      opt_unknown: 'Unknown',
      opt_yes: 'Yes',
      opt_no: 'No',
      opt_not_given: 'Not given yet',
      status_worker: 'Worker (work permit)',
      status_youth_exchange: 'Youth exchange',
      status_spouse_open_work_permit: 'Spouse with an open work permit',
      status_student: 'Student',
      status_visitor: 'Visitor',
      status_abroad: 'Abroad',
      status_other: 'Other',
      opinion_favourable: 'Favourable',
      opinion_unfavourable: 'Unfavourable',
      level_choose: '— choose —',
      level_secondary: 'Secondary (DES)',
      level_vocational: 'Vocational (DEP)',
      level_college: 'College (DEC)',
      level_college_technical: 'Technical DEC',
      level_bachelor: "Bachelor's",
      level_graduate_diploma: 'Graduate diploma (DESS)',
      level_master: "Master's",
      level_doctorate: 'Doctorate',
      // results
      results_title: 'Results',
      results_empty: 'Fill in the profile, then press “Check eligibility” or “Plan gaps”.',
      busy_check: 'Checking eligibility…',
      busy_gaps: 'Planning (this can take a few seconds)…',
      busy_whatif: 'Evaluating the what-if…',
      meta_eligibility: 'Application date {d} · rules {v}',
      meta_gaps: 'Plans from {d} · horizon {h} months · intake windows {w}',
      windows_respected: 'respected',
      windows_ignored: 'ignored',
      ranking_note: 'Routes ranked by the effort of their cheapest plan (eligible now first, unreachable last).',
      ranking_note_verdict: 'Press “Plan gaps” to rank the routes by the effort of their cheapest plan.',
      v_eligible: 'Eligible',
      v_not_eligible: 'Not eligible',
      v_unknown: 'Unknown',
      c_met: 'Met',
      c_not_met: 'Not met',
      c_unknown: 'Unknown',
      g_eligible_now: 'Eligible now',
      g_reachable: 'Reachable',
      g_unreachable: 'Unreachable',
      edition: 'edition {e}',
      no_edition: 'no edition in force',
      intake_open: 'Intake open',
      intake_closed: 'Intake closed',
      window_range: '{s} → {e}',
      cheapest: 'cheapest plan: effort {e}, apply on {d}',
      all_met: 'All criteria are met.',
      n_met: '{n} criteria met',
      assumption: 'Assumption: {a}',
      btn_show_plans: 'Show plans',
      verdict_changed: 'Changed: {b} → {a}',
      plans_title: 'Plans — {r}',
      plans_none_yet: 'Press “Plan gaps” to compute plans for this route.',
      obj_earliest: 'Earliest',
      obj_least_effort: 'Least effort',
      apply_on: 'Apply on {d}',
      months_from_start: '{n} months from the start',
      effort: 'effort {e}',
      optimal_yes: 'proved optimal',
      optimal_no: 'best found, not proved optimal',
      no_plan: 'No plan for this objective.',
      no_changes: 'No change needed: the client can apply now.',
      reasons: 'Why no plan reaches this route:',
      assumptions: 'Assumptions:',
      other_plans: 'Other plans ({n})',
      plan_n: 'Plan {n}',
      th_lever: 'Lever',
      th_from: 'From',
      th_to: 'To',
      th_by: 'By',
      th_note: 'Note',
      tl_title: 'Timeline of the {o} plan for {r}',
      tl_desc: 'Months from {s}. Bars run from the start to the date each change must be done by; the dashed line marks the application date {a}.',
      tl_apply: 'Apply {d}',
      tl_end: 'Programs end {d}',
      tl_window: 'Intake window',
      tl_lever: 'Change (start → deadline)',
      tl_month: 'month',
      whatif_banner: 'What-if scenario: {c}.',
      whatif_changed: '{n} route(s) changed verdict (highlighted).',
      whatif_unchanged: 'No route changed verdict.',
      whatif_nochange: 'Change at least one value in “What if…” first.',
      whatif_date: 'application date {b} → {a}',
      whatif_gaps_note: 'Plan columns still describe the profile, not the scenario.',
      // levers
      lever_wait: 'Wait (apply later)',
      'lever_french.oral_comprehension': 'French: oral comprehension',
      'lever_french.oral_production': 'French: oral production',
      'lever_french.retest': 'French: new test',
      lever_salary: 'Salary',
      lever_job: 'Job',
      lever_diploma: 'Diploma',
      lever_employer_control: 'Employer control',
      lever_status_in_quebec: 'Status in Québec',
      lever_expert_committee_opinion: 'Expert committee opinion',
      lever_declaration: 'Declaration: {f}',
      short_wait: 'Wait',
      'short_french.oral_comprehension': 'French: comprehension',
      'short_french.oral_production': 'French: production',
      'short_french.retest': 'French: new test',
      short_declaration: 'Declaration',
      short_expert_committee_opinion: 'Expert opinion',
      // routes (fallback when the catalogue has no name)
      'route_food-processing': 'Food processing',
      'route_orderlies-work': 'Orderlies — work stream',
      'route_orderlies-work-study': 'Orderlies — work-study stream',
      'route_ai-foreign-worker-francophone': 'AI — foreign worker, francophone',
      'route_ai-foreign-worker-francization': 'AI — foreign worker, francization',
      'route_ai-quebec-graduate-francophone': 'AI — Québec graduate, francophone',
      'route_ai-quebec-graduate-francization': 'AI — Québec graduate, francization',
      'route_it-ve-francophone': 'IT and visual effects — francophone',
      'route_it-ve-francization': 'IT and visual effects — francization',
      // messages
      err_network: 'The service could not be reached ({m}). Check that the server is running, then try again.',
      err_timeout: 'The service did not answer in time. Try a shorter horizon, then try again.',
      err_http: 'The service answered with an error (HTTP {s}){m}.',
      err_422: 'The service refused the input ({n} problem(s)). Fix the highlighted fields:',
      err_json: 'This is not valid JSON: {m}',
      err_json_shape: 'The JSON must be an object (an Applicant, or a request with "applicant").',
      err_file: 'The file could not be read: {m}',
      err_script: 'Unexpected error in the page: {m}',
      import_ok: 'Profile imported into the form.',
      import_ignored: 'Ignored keys the form does not know: {k}.',
      export_ok: 'The profile JSON is shown in the text box.',
      reset_ok: 'Form cleared.',
      body: 'request',
    },
    fr: {
      app_title: "Programmes pilotes du Québec — conseiller d'admissibilité et d'écarts",
      lang_label: 'Langue',
      rules_version: 'Règles {v}',
      form_title: 'Profil du client',
      sec_json: 'Importer / exporter le profil (JSON)',
      json_text: 'Profil JSON (un Applicant, ou une requête avec « applicant »)',
      json_file: 'Ou choisir un fichier JSON',
      btn_import: 'Importer dans le formulaire',
      btn_export: 'Afficher le profil en JSON',
      btn_download: 'Télécharger profile.json',
      btn_reset: 'Vider le formulaire',
      sec_person: 'Candidat',
      fld_birth_date: 'Date de naissance',
      fld_status_in_quebec: 'Statut au Québec',
      fld_intends_to_settle_in_quebec: "A l'intention de s'établir au Québec pour y travailler",
      fld_controls_employer: "Contrôle l'entreprise de l'employeur",
      fld_respected_conditions_of_stay: 'A respecté les conditions de séjour',
      fld_self_sufficiency_undertaking: "Signe l'engagement d'autonomie financière",
      fld_commits_to_learn_french: "S'engage à apprendre le français (francisation)",
      fld_expert_committee_opinion: "Avis du comité d'experts (IA)",
      sec_french: 'Français oral (Échelle québécoise, niveaux 1 à 12)',
      fld_oral_comprehension: 'Compréhension orale',
      fld_oral_production: 'Production orale',
      fld_assessed_on: "Date de l'évaluation",
      sec_diplomas: 'Diplômes',
      no_diplomas: 'Aucun diplôme saisi.',
      btn_add_diploma: '+ Ajouter un diplôme',
      diploma_n: 'Diplôme {n}',
      sec_work: "Expérience de travail (une ligne par période d'emploi)",
      no_work: 'Aucun emploi saisi.',
      btn_add_work: '+ Ajouter un emploi',
      work_n: 'Emploi {n}',
      btn_remove: 'Retirer',
      remove_aria: 'Retirer : {what}',
      sec_offer: "Offre d'emploi acceptée (pas encore commencée)",
      fld_has_offer: "Le client a accepté une offre d'emploi pas encore commencée",
      sec_wages: 'Salaires de référence (critère salarial TI-EV, facultatif)',
      wages_hint: "Le salaire le plus élevé publié par Emploi-Québec pour une profession ($ CA par an). Sans lui, le critère salarial TI-EV reste indéterminé.",
      btn_add_wage: '+ Ajouter un salaire de référence',
      fld_wage_noc: 'Code CNP',
      fld_wage_value: 'Salaire de référence ($ CA par an)',
      wage_n: 'salaire de référence {n}',
      sec_run: 'Vérifier et planifier',
      fld_application_date: 'Date de la demande (début du plan)',
      fld_application_date_short: 'Date de la demande',
      fld_horizon: 'Horizon de planification (mois)',
      fld_respect_windows: 'Respecter les périodes de réception',
      btn_check: "Vérifier l'admissibilité",
      btn_gaps: 'Planifier les écarts',
      sec_whatif: 'Et si…',
      whatif_hint: "Modifiez une valeur puis appuyez sur « Et si » pour voir quelles voies changent de verdict. Le profil ci-dessus n'est pas modifié.",
      fld_wi_salary: 'Salaire ($ CA par an)',
      btn_whatif: 'Et si',
      btn_whatif_sync: 'Reprendre les valeurs du profil',
      btn_whatif_exit: 'Revenir aux résultats du profil',
      fld_level: 'Niveau',
      fld_program_code: 'Code du programme (ex. 5358)',
      fld_field: 'Domaine (ex. orderly)',
      fld_in_quebec: 'Au Québec',
      fld_full_time_months: "Mois d'études à temps plein",
      fld_obtained_on: 'Obtenu le',
      fld_share_studied_in_quebec: 'Part étudiée au Québec (0 à 1)',
      fld_noc: 'Code CNP (4 ou 5 chiffres)',
      fld_naics: 'Code SCIAN',
      fld_role: 'Rôle (ex. chicken_catcher)',
      fld_sector: 'Secteur (ex. health, ai)',
      fld_start: 'Début',
      fld_end: 'Fin (vide : en cours)',
      fld_hours_per_week: 'Heures par semaine',
      fld_annual_salary: 'Salaire annuel ($ CA)',
      fld_employer_in_cmm: 'Employeur dans la CMM (Montréal)',
      fld_paid: 'Rémunéré',
      fld_authorized: 'Autorisé à travailler',
      fld_basic_personal_care: 'Soins de base (santé)',
      opt_unknown: 'Inconnu',
      opt_yes: 'Oui',
      opt_no: 'Non',
      opt_not_given: 'Pas encore rendu',
      status_worker: 'Travailleur (permis de travail)',
      status_youth_exchange: "Programme d'échanges jeunesse",
      status_spouse_open_work_permit: 'Conjoint avec permis de travail ouvert',
      status_student: 'Étudiant',
      status_visitor: 'Visiteur',
      status_abroad: "À l'étranger",
      status_other: 'Autre',
      opinion_favourable: 'Favorable',
      opinion_unfavourable: 'Défavorable',
      level_choose: '— choisir —',
      level_secondary: 'Secondaire (DES)',
      level_vocational: 'Professionnel (DEP)',
      level_college: 'Collégial (DEC)',
      level_college_technical: 'DEC technique',
      level_bachelor: 'Baccalauréat',
      level_graduate_diploma: 'DESS',
      level_master: 'Maîtrise',
      level_doctorate: 'Doctorat',
      results_title: 'Résultats',
      results_empty: "Remplissez le profil, puis appuyez sur « Vérifier l'admissibilité » ou « Planifier les écarts ».",
      busy_check: "Vérification de l'admissibilité…",
      busy_gaps: 'Planification (quelques secondes)…',
      busy_whatif: 'Évaluation du scénario…',
      meta_eligibility: 'Date de la demande {d} · règles {v}',
      meta_gaps: 'Plans à partir du {d} · horizon {h} mois · périodes de réception {w}',
      windows_respected: 'respectées',
      windows_ignored: 'ignorées',
      ranking_note: "Voies classées selon l'effort de leur plan le moins coûteux (admissibles maintenant d'abord, inatteignables à la fin).",
      ranking_note_verdict: "Appuyez sur « Planifier les écarts » pour classer les voies selon l'effort de leur plan le moins coûteux.",
      v_eligible: 'Admissible',
      v_not_eligible: 'Non admissible',
      v_unknown: 'Indéterminé',
      c_met: 'Satisfait',
      c_not_met: 'Non satisfait',
      c_unknown: 'Inconnu',
      g_eligible_now: 'Admissible maintenant',
      g_reachable: 'Atteignable',
      g_unreachable: 'Inatteignable',
      edition: 'édition {e}',
      no_edition: 'aucune édition en vigueur',
      intake_open: 'Réception ouverte',
      intake_closed: 'Réception fermée',
      window_range: '{s} → {e}',
      cheapest: 'plan le moins coûteux : effort {e}, demande le {d}',
      all_met: 'Tous les critères sont satisfaits.',
      n_met: '{n} critère(s) satisfait(s)',
      assumption: 'Hypothèse : {a}',
      btn_show_plans: 'Voir les plans',
      verdict_changed: 'Modifié : {b} → {a}',
      plans_title: 'Plans — {r}',
      plans_none_yet: 'Appuyez sur « Planifier les écarts » pour calculer les plans de cette voie.',
      obj_earliest: 'Au plus tôt',
      obj_least_effort: 'Moindre effort',
      apply_on: 'Demande le {d}',
      months_from_start: '{n} mois après le début',
      effort: 'effort {e}',
      optimal_yes: 'optimalité prouvée',
      optimal_no: 'meilleur trouvé, optimalité non prouvée',
      no_plan: 'Aucun plan pour cet objectif.',
      no_changes: 'Aucun changement nécessaire : le client peut déposer maintenant.',
      reasons: 'Pourquoi aucun plan ne mène à cette voie :',
      assumptions: 'Hypothèses :',
      other_plans: 'Autres plans ({n})',
      plan_n: 'Plan {n}',
      th_lever: 'Levier',
      th_from: 'De',
      th_to: 'À',
      th_by: 'Au plus tard le',
      th_note: 'Note',
      tl_title: 'Chronologie du plan « {o} » pour {r}',
      tl_desc: 'Mois depuis le {s}. Chaque barre va du début à la date limite du changement; la ligne pointillée marque la date de la demande {a}.',
      tl_apply: 'Demande {d}',
      tl_end: 'Fin des programmes {d}',
      tl_window: 'Période de réception',
      tl_lever: 'Changement (début → date limite)',
      tl_month: 'mois',
      whatif_banner: 'Scénario « et si » : {c}.',
      whatif_changed: '{n} voie(s) ont changé de verdict (en surbrillance).',
      whatif_unchanged: "Aucune voie n'a changé de verdict.",
      whatif_nochange: "Modifiez d'abord au moins une valeur dans « Et si… ».",
      whatif_date: 'date de la demande {b} → {a}',
      whatif_gaps_note: 'Les colonnes de plans décrivent toujours le profil, pas le scénario.',
      lever_wait: 'Attendre (déposer plus tard)',
      'lever_french.oral_comprehension': 'Français : compréhension orale',
      'lever_french.oral_production': 'Français : production orale',
      'lever_french.retest': 'Français : nouveau test',
      lever_salary: 'Salaire',
      lever_job: 'Emploi',
      lever_diploma: 'Diplôme',
      lever_employer_control: "Contrôle de l'employeur",
      lever_status_in_quebec: 'Statut au Québec',
      lever_expert_committee_opinion: "Avis du comité d'experts",
      lever_declaration: 'Déclaration : {f}',
      short_wait: 'Attendre',
      'short_french.oral_comprehension': 'Français : compréhension',
      'short_french.oral_production': 'Français : production',
      'short_french.retest': 'Français : nouveau test',
      short_declaration: 'Déclaration',
      short_expert_committee_opinion: "Avis d'experts",
      'route_food-processing': 'Transformation alimentaire',
      'route_orderlies-work': 'Préposés aux bénéficiaires — volet travail',
      'route_orderlies-work-study': 'Préposés aux bénéficiaires — volet études-travail',
      'route_ai-foreign-worker-francophone': 'IA — travailleur étranger, francophone',
      'route_ai-foreign-worker-francization': 'IA — travailleur étranger, francisation',
      'route_ai-quebec-graduate-francophone': 'IA — diplômé du Québec, francophone',
      'route_ai-quebec-graduate-francization': 'IA — diplômé du Québec, francisation',
      'route_it-ve-francophone': 'TI et effets visuels — francophone',
      'route_it-ve-francization': 'TI et effets visuels — francisation',
      err_network: "Le service est injoignable ({m}). Vérifiez que le serveur fonctionne, puis réessayez.",
      err_timeout: "Le service n'a pas répondu à temps. Essayez un horizon plus court, puis réessayez.",
      err_http: 'Le service a répondu par une erreur (HTTP {s}){m}.',
      err_422: 'Le service a refusé la saisie ({n} problème(s)). Corrigez les champs signalés :',
      err_json: "Ce n'est pas du JSON valide : {m}",
      err_json_shape: 'Le JSON doit être un objet (un Applicant, ou une requête avec « applicant »).',
      err_file: "Le fichier n'a pas pu être lu : {m}",
      err_script: 'Erreur inattendue dans la page : {m}',
      import_ok: 'Profil importé dans le formulaire.',
      import_ignored: 'Clés inconnues du formulaire, ignorées : {k}.',
      export_ok: 'Le JSON du profil est affiché dans la zone de texte.',
      reset_ok: 'Formulaire vidé.',
      body: 'requête',
    },
  };

  // ------------------------------------------------------------------ state
  const state = {
    lang: 'en',
    catalog: null,          // GET /v1/routes, normalised to {id: route}
    rulesVersion: null,
    elig: null,             // EligibilityAnswer of the profile
    gaps: null,             // {earliest: GapsAnswer, least_effort: GapsAnswer}
    whatif: null,           // {before, after, changed: Set, applied, label}
    selected: null,         // route id whose plans are shown
    last: null,             // 'check' | 'gaps': what the results show, re-run on a language switch
    busy: false,
    uid: 0,
  };

  // ------------------------------------------------------------------ helpers
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

  function t(key, vars) {
    const table = I18N[state.lang] || I18N.en;
    let s = key in table ? table[key] : (key in I18N.en ? I18N.en[key] : key);
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
    return s;
  }

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    appendAll(el, children);
    return el;
  }

  const SVG_NS = 'http://www.w3.org/2000/svg';
  function s(tag, attrs, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    setAttrs(el, attrs);
    appendAll(el, children);
    return el;
  }

  function setAttrs(el, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.setAttribute('class', v);
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }

  function appendAll(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }

  function nextId(prefix) {
    state.uid += 1;
    return `${prefix}-${state.uid}`;
  }

  function locale() {
    return state.lang === 'fr' ? 'fr-CA' : 'en-CA';
  }

  function fmtNumber(n, digits = 1) {
    if (typeof n !== 'number' || !Number.isFinite(n)) return String(n);
    return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(n);
  }

  function fmtMoney(n) {
    return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'CAD', maximumFractionDigits: 0 }).format(n);
  }

  // Dates are handled as ISO strings and UTC midnights, so no time zone shifts a day.
  function parseIso(d) {
    if (typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(d)) return null;
    const [y, m, day] = d.slice(0, 10).split('-').map(Number);
    return Date.UTC(y, m - 1, day);
  }

  function isoOf(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  function addMonths(ms, n) {
    const d = new Date(ms);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + n;
    const day = d.getUTCDate();
    const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    return Date.UTC(y, m, Math.min(day, last));
  }

  function monthLabel(ms) {
    return new Intl.DateTimeFormat(locale(), { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(new Date(ms));
  }

  function todayIso() {
    const d = new Date();
    return isoOf(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  }

  // ------------------------------------------------------------------ form fields
  function fillOptions(select) {
    const kind = select.dataset.kind;
    const opts = select.dataset.options;
    const current = select.value;
    select.textContent = '';
    if (kind === 'tri') {
      select.append(h('option', { value: '', text: t('opt_unknown') }),
        h('option', { value: 'yes', text: t('opt_yes') }),
        h('option', { value: 'no', text: t('opt_no') }));
    } else if (opts === 'status') {
      select.append(h('option', { value: '', text: t('opt_unknown') }));
      for (const v of STATUS_VALUES) select.append(h('option', { value: v, text: t(`status_${v}`) }));
    } else if (opts === 'opinion') {
      select.append(h('option', { value: '', text: t('opt_not_given') }));
      for (const v of OPINION_VALUES) select.append(h('option', { value: v, text: t(`opinion_${v}`) }));
    } else if (opts === 'level') {
      select.append(h('option', { value: '', text: t('level_choose') }));
      for (const v of DIPLOMA_LEVELS) select.append(h('option', { value: v, text: t(`level_${v}`) }));
    }
    select.value = current;
  }

  function readField(el) {
    const kind = el.dataset.kind;
    const raw = (el.value || '').trim();
    if (kind === 'tri') return raw === 'yes' ? true : raw === 'no' ? false : null;
    if (raw === '') {
      // A number input holding text the browser cannot parse reports '' but is "bad input":
      // send it as text so the service names the field instead of silently dropping it.
      if (el.validity && el.validity.badInput) return 'invalid';
      return null;
    }
    if (kind === 'int' || kind === 'float') {
      const n = Number(raw);
      return Number.isFinite(n) ? n : raw;
    }
    return raw;
  }

  function writeField(el, value) {
    const kind = el.dataset.kind;
    if (kind === 'tri') el.value = value === true ? 'yes' : value === false ? 'no' : '';
    else if (value === null || value === undefined) el.value = '';
    else el.value = String(value);
  }

  function makeField(spec, idPrefix) {
    const id = `${idPrefix}-${spec.name}`;
    let input;
    if (spec.kind === 'tri' || spec.kind === 'select') {
      input = h('select', { id, dataset: { field: spec.name, kind: spec.kind, options: spec.options || '' } });
      fillOptions(input);
    } else {
      const type = spec.kind === 'date' ? 'date' : (spec.kind === 'int' || spec.kind === 'float') ? 'number' : 'text';
      input = h('input', Object.assign({ id, type, dataset: { field: spec.name, kind: spec.kind } }, spec.attrs || {}));
    }
    return h('div', { class: 'field' },
      h('label', { for: id, 'data-i18n': `fld_${spec.name}`, text: t(`fld_${spec.name}`) }),
      input);
  }

  function addRow(listId, fields, value, titleKey) {
    const list = document.getElementById(listId);
    const rowId = nextId(listId);
    const title = h('h3', { class: 'row-title' });
    const remove = h('button', { type: 'button', class: 'btn-remove', 'data-i18n': 'btn_remove', text: t('btn_remove') });
    const grid = h('div', { class: 'grid' }, fields.map((f) => makeField(f, rowId)));
    const row = h('div', { class: 'row', id: rowId, dataset: { titleKey } }, h('div', { class: 'row-head' }, title, remove), grid);
    remove.addEventListener('click', () => {
      row.remove();
      renumber(listId);
    });
    list.append(row);
    if (value) for (const el of $$('[data-field]', row)) writeField(el, value[el.dataset.field]);
    renumber(listId);
    return row;
  }

  function addWageRow(noc, wage) {
    const list = $('#wages');
    const rowId = nextId('wage');
    const nocId = `${rowId}-noc`;
    const valId = `${rowId}-value`;
    const remove = h('button', { type: 'button', class: 'btn-remove', 'data-i18n': 'btn_remove', text: t('btn_remove') });
    const row = h('div', { class: 'row wage-row', id: rowId, dataset: { titleKey: 'wage_n' } },
      h('div', { class: 'field' }, h('label', { for: nocId, 'data-i18n': 'fld_wage_noc', text: t('fld_wage_noc') }),
        h('input', { id: nocId, type: 'text', inputmode: 'numeric', maxlength: '5', dataset: { field: 'noc', kind: 'text' } })),
      h('div', { class: 'field' }, h('label', { for: valId, 'data-i18n': 'fld_wage_value', text: t('fld_wage_value') }),
        h('input', { id: valId, type: 'number', min: '0', step: '500', dataset: { field: 'wage', kind: 'float' } })),
      remove);
    remove.addEventListener('click', () => {
      row.remove();
      renumber('wages');
    });
    list.append(row);
    if (noc !== undefined) writeField($(`#${nocId}`), noc);
    if (wage !== undefined) writeField($(`#${valId}`), wage);
    renumber('wages');
    return row;
  }

  function renumber(listId) {
    const rows = $$(`#${listId} > .row`);
    rows.forEach((row, i) => {
      const what = t(row.dataset.titleKey, { n: i + 1 });
      const title = $('.row-title', row);
      if (title) title.textContent = what;
      const btn = $('.btn-remove', row);
      if (btn) btn.setAttribute('aria-label', t('remove_aria', { what }));
      row.dataset.index = String(i);
    });
    const empty = document.getElementById(`${listId}-empty`);
    if (empty) empty.hidden = rows.length > 0;
  }

  function buildOffer() {
    const box = $('#offer');
    box.textContent = '';
    for (const f of OFFER_FIELDS) box.append(makeField(f, 'f-offer'));
  }

  // ------------------------------------------------------------------ profile <-> form
  function readRow(row) {
    const out = {};
    for (const el of $$('[data-field]', row)) out[el.dataset.field] = readField(el);
    return out;
  }

  function collectApplicant() {
    const a = {};
    for (const el of $$('[data-scope="applicant"]')) a[el.dataset.field] = readField(el);
    const french = {};
    for (const el of $$('[data-scope="french"]')) french[el.dataset.field] = readField(el);
    a.french = Object.values(french).every((v) => v === null) ? null : french;
    a.diplomas = $$('#diplomas > .row').map(readRow);
    a.work_history = $$('#work > .row').map(readRow);
    a.job_offer = $('#f-has_offer').checked ? readRow($('#offer')) : null;
    // Keep the contract's key order, for a readable export.
    const ordered = {};
    for (const k of APPLICANT_KEYS) ordered[k] = a[k];
    return ordered;
  }

  function collectWages() {
    const out = {};
    let any = false;
    for (const row of $$('#wages > .row')) {
      const r = readRow(row);
      if (r.noc === null && r.wage === null) continue;
      out[r.noc === null ? '' : String(r.noc)] = r.wage;
      any = true;
    }
    return any ? out : null;
  }

  function applicationDate() {
    return $('#f-application_date').value || null;
  }

  function baseRequest() {
    return {
      applicant: collectApplicant(),
      application_date: applicationDate(),
      reference_wages: collectWages(),
      lang: state.lang,
    };
  }

  function writeApplicant(a) {
    for (const el of $$('[data-scope="applicant"]')) writeField(el, a[el.dataset.field]);
    const french = a.french || {};
    for (const el of $$('[data-scope="french"]')) writeField(el, french[el.dataset.field]);
    $('#diplomas').textContent = '';
    for (const d of a.diplomas || []) addRow('diplomas', DIPLOMA_FIELDS, d, 'diploma_n');
    renumber('diplomas');
    $('#work').textContent = '';
    for (const w of a.work_history || []) addRow('work', WORK_FIELDS, w, 'work_n');
    renumber('work');
    const offer = a.job_offer;
    $('#f-has_offer').checked = Boolean(offer);
    $('#offer').hidden = !offer;
    for (const el of $$('[data-field]', $('#offer'))) writeField(el, offer ? offer[el.dataset.field] : null);
  }

  function importJson(text) {
    let data;
    try {
      data = JSON.parse(text);
    } catch (e) {
      showMessage('error', t('err_json', { m: e.message }));
      return;
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      showMessage('error', t('err_json_shape'));
      return;
    }
    const ignored = [];
    let applicant = data;
    if ('applicant' in data && typeof data.applicant === 'object' && data.applicant !== null) {
      applicant = data.applicant;
      if (typeof data.application_date === 'string') $('#f-application_date').value = data.application_date;
      if (typeof data.horizon_months === 'number') $('#f-horizon').value = String(data.horizon_months);
      if (typeof data.respect_intake_windows === 'boolean') $('#f-respect_windows').checked = data.respect_intake_windows;
      $('#wages').textContent = '';
      if (data.reference_wages && typeof data.reference_wages === 'object') {
        for (const [noc, wage] of Object.entries(data.reference_wages)) addWageRow(noc, wage);
      }
      renumber('wages');
      for (const k of Object.keys(data)) {
        if (!['applicant', 'application_date', 'reference_wages', 'lang', 'routes', 'horizon_months',
          'objective', 'respect_intake_windows', 'max_plans', 'costs'].includes(k)) ignored.push(k);
      }
    }
    for (const k of Object.keys(applicant)) if (!APPLICANT_KEYS.includes(k)) ignored.push(`applicant.${k}`);
    clearErrors();
    writeApplicant(applicant);
    syncWhatIf(true);
    showMessage('info', t('import_ok') + (ignored.length ? ` ${t('import_ignored', { k: ignored.join(', ') })}` : ''));
  }

  function exportJson() {
    return JSON.stringify(collectApplicant(), null, 2);
  }

  // ------------------------------------------------------------------ what-if panel
  function currentSalary(a) {
    // The salary the "salary" lever acts on: the job held on the application date, else the offer.
    const date = applicationDate() || todayIso();
    const held = (a.work_history || []).filter((w) => w.start && w.start <= date && (!w.end || w.end >= date));
    held.sort((x, y) => (x.start < y.start ? 1 : -1));
    if (held.length && typeof held[0].annual_salary === 'number') return held[0].annual_salary;
    if (a.job_offer && typeof a.job_offer.annual_salary === 'number') return a.job_offer.annual_salary;
    return null;
  }

  // Copy the profile's values into the what-if fields the advisor has not edited
  // (all of them when `force`), so an untouched field never counts as a change.
  function syncWhatIf(force) {
    const a = collectApplicant();
    const fr = a.french || {};
    const values = {
      '#wi-oral_comprehension': typeof fr.oral_comprehension === 'number' ? fr.oral_comprehension : null,
      '#wi-oral_production': typeof fr.oral_production === 'number' ? fr.oral_production : null,
      '#wi-salary': currentSalary(a),
      '#wi-date': applicationDate(),
    };
    for (const [sel, v] of Object.entries(values)) {
      const el = $(sel);
      if (force === true || el.dataset.edited !== 'true') {
        writeField(el, v);
        delete el.dataset.edited;
      }
    }
  }

  // ------------------------------------------------------------------ HTTP
  class ApiError extends Error {
    constructor(kind, status, data, message) {
      super(message || kind);
      this.kind = kind;       // 'network' | 'timeout' | 'invalid' | 'http'
      this.status = status;
      this.data = data;
    }
  }

  async function api(path, body) {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), REQUEST_TIMEOUT_MS);
    let resp;
    try {
      resp = await fetch(path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': state.lang },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: ctrl.signal,
      });
    } catch (e) {
      if (e && e.name === 'AbortError') throw new ApiError('timeout', 0, null, 'timeout');
      throw new ApiError('network', 0, null, (e && e.message) || 'network error');
    } finally {
      clearTimeout(timer);
    }
    const text = await resp.text().catch(() => '');
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = null;
    }
    if (resp.status === 422) throw new ApiError('invalid', 422, data, text);
    if (!resp.ok) throw new ApiError('http', resp.status, data, text);
    if (data === null || typeof data !== 'object') throw new ApiError('http', resp.status, null, 'the answer is not JSON');
    return data;
  }

  // ------------------------------------------------------------------ errors and messages
  function showMessage(kind, text, extra) {
    const box = $('#messages');
    box.textContent = '';
    if (!text) return;
    const cls = kind === 'error' ? 'banner-error' : kind === 'warn' ? 'banner-warn' : 'banner-info';
    box.append(h('div', { class: `banner ${cls}` }, text, extra || null));
  }

  function clearErrors() {
    for (const el of $$('.field-error, .group-error')) el.remove();
    for (const el of $$('[aria-invalid="true"]')) {
      el.removeAttribute('aria-invalid');
      el.removeAttribute('aria-describedby');
    }
    for (const el of $$('.row.has-error')) el.classList.remove('has-error');
    const sum = $('#error-summary');
    sum.hidden = true;
    sum.textContent = '';
  }

  function cleanMsg(msg) {
    return String(msg || '').replace(/^(Value|Assertion) error,\s*/i, '');
  }

  // Find the form element a FastAPI error location points to (loc without the leading "body").
  function locateField(loc) {
    const p = loc.slice();
    if (p[0] === 'body') p.shift();
    const top = p[0];
    if (top === undefined) return null;
    if (top === 'application_date') return $('#f-application_date');
    if (top === 'horizon_months') return $('#f-horizon');
    if (top === 'respect_intake_windows') return $('#f-respect_windows');
    if (top === 'lang' || top === 'routes' || top === 'objective' || top === 'max_plans' || top === 'costs') return null;
    if (top === 'changes') {
      const change = lastWhatIfChanges[p[1]];
      if (change && WHATIF_INPUT[change.lever]) return $(WHATIF_INPUT[change.lever]);
      return $('#sec-whatif');
    }
    if (top === 'reference_wages') {
      const key = p[1];
      if (key !== undefined) {
        for (const row of $$('#wages > .row')) {
          const noc = $('[data-field="noc"]', row);
          if (noc && noc.value.trim() === String(key)) return p.length > 2 ? $('[data-field="wage"]', row) : noc;
        }
      }
      return $('#sec-wages');
    }
    if (top !== 'applicant') return null;
    const field = p[1];
    if (field === undefined) return $('#sec-person');
    if (field === 'french') {
      return p[2] !== undefined ? $(`#f-french-${p[2]}`) || $('#sec-french') : $('#sec-french');
    }
    if (field === 'diplomas' || field === 'work_history') {
      const listId = field === 'diplomas' ? 'diplomas' : 'work';
      const row = $$(`#${listId} > .row`)[Number(p[2])];
      if (!row) return document.getElementById(field === 'diplomas' ? 'sec-diplomas' : 'sec-work');
      if (p[3] !== undefined) return $(`[data-field="${p[3]}"]`, row) || row;
      return row;
    }
    if (field === 'job_offer') {
      if (p[2] !== undefined) return $(`#f-offer-${p[2]}`) || $('#sec-offer');
      return $('#sec-offer');
    }
    return document.getElementById(`f-${field}`) || $('#sec-person');
  }

  // A model-level error ("end: the episode ends before it starts", or
  // "applicant.birth_date is after ...") names its field in the message: use it.
  function refineLoc(loc, msg) {
    const here = locateField(loc);
    const m = /^([a-z_]+):\s/.exec(msg);
    if (m && !(here && here.matches('input, select, textarea'))) {
      const el = locateField(loc.concat([m[1]]));
      if (el && el.matches('input, select, textarea')) return loc.concat([m[1]]);
    }
    const dotted = /\b(applicant(?:\.[a-z_]+|\.\d+)+)/.exec(msg);
    if (dotted && loc.filter((x) => x !== 'body').length === 0) {
      return ['body'].concat(dotted[1].split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x)));
    }
    return loc;
  }

  function fieldLabel(el) {
    if (!el) return '';
    if (el.matches('input, select, textarea')) {
      const label = el.id ? $(`label[for="${el.id}"]`) : null;
      const row = el.closest('.row');
      const rowTitle = row ? $('.row-title', row) : null;
      const base = label ? label.textContent : el.id;
      return rowTitle ? `${rowTitle.textContent} › ${base}` : base;
    }
    const legend = el.matches('fieldset') ? $('legend', el) : null;
    if (legend) return legend.textContent;
    const rowTitle = el.classList.contains('row') ? $('.row-title', el) : null;
    return rowTitle ? rowTitle.textContent : '';
  }

  function showValidationErrors(detail) {
    let items = [];
    if (Array.isArray(detail)) {
      items = detail.map((d) => (typeof d === 'object' && d !== null
        ? { loc: Array.isArray(d.loc) ? d.loc : [], msg: cleanMsg(d.msg || d.message || JSON.stringify(d)) }
        : { loc: [], msg: String(d) }));
    } else if (detail && typeof detail === 'object') {
      items = [{ loc: Array.isArray(detail.loc) ? detail.loc : (detail.field ? ['body'].concat(String(detail.field).split('.')) : []),
        msg: cleanMsg(detail.msg || detail.message || detail.reason || JSON.stringify(detail)) }];
    } else {
      items = [{ loc: [], msg: String(detail || 'invalid input') }];
    }
    const summary = $('#error-summary');
    const list = h('ul');
    let first = null;
    for (const item of items) {
      const loc = refineLoc(item.loc, item.msg);
      const el = locateField(loc);
      const where = fieldLabel(el) || loc.filter((x) => x !== 'body').join(' › ') || t('body');
      if (el) {
        const errId = nextId('err');
        const p = h('p', { class: el.matches('input, select, textarea') ? 'field-error' : 'group-error', id: errId, text: item.msg });
        if (el.matches('input, select, textarea')) {
          el.setAttribute('aria-invalid', 'true');
          el.setAttribute('aria-describedby', errId);
          const fieldBox = el.closest('.field') || el.parentElement;
          fieldBox.append(p);
        } else if (el.matches('fieldset')) {
          const legend = $('legend', el);
          if (legend) legend.after(p); else el.prepend(p);
        } else if (el.classList.contains('row')) {
          $('.row-head', el).after(p);
        } else {
          el.append(p);
        }
        const row = el.closest('.row');
        if (row) row.classList.add('has-error');
        if (!first) first = el;
      }
      const link = el && el.id
        ? h('a', { href: `#${el.id}`, onclick: (ev) => { ev.preventDefault(); focusField(el); } }, where)
        : h('strong', {}, where);
      list.append(h('li', {}, link, ': ', item.msg));
    }
    summary.textContent = '';
    summary.append(h('div', { class: 'banner banner-error' }, t('err_422', { n: items.length }), list));
    summary.hidden = false;
    if (first) {
      const det = first.closest('details');
      if (det) det.open = true;
    }
  }

  function focusField(el) {
    const det = el.closest('details');
    if (det) det.open = true;
    el.scrollIntoView({ block: 'center' });
    if (typeof el.focus === 'function') el.focus({ preventScroll: true });
  }

  function showError(e) {
    if (e instanceof ApiError) {
      if (e.kind === 'invalid') {
        showMessage('', '');
        showValidationErrors(e.data ? e.data.detail : e.message);
        return;
      }
      if (e.kind === 'network') return showMessage('error', t('err_network', { m: e.message }));
      if (e.kind === 'timeout') return showMessage('error', t('err_timeout'));
      let detail = '';
      const d = e.data && e.data.detail;
      if (typeof d === 'string') detail = `: ${d}`;
      else if (Array.isArray(d)) detail = `: ${d.map((x) => (x && typeof x === 'object' ? cleanMsg(x.msg || x.message || JSON.stringify(x)) : String(x))).join('; ')}`;
      else if (d) detail = `: ${JSON.stringify(d)}`;
      return showMessage('error', t('err_http', { s: e.status, m: detail }));
    }
    showMessage('error', t('err_script', { m: (e && e.message) || String(e) }));
    if (window.console) console.error(e); // eslint-disable-line no-console
  }

  // ------------------------------------------------------------------ actions
  function setBusy(on, key) {
    state.busy = on;
    for (const id of ['btn-check', 'btn-gaps', 'btn-whatif']) $(`#${id}`).disabled = on;
    document.body.setAttribute('aria-busy', on ? 'true' : 'false');
    if (on) {
      const box = $('#messages');
      box.textContent = '';
      box.append(h('div', { class: 'banner banner-info busy' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t(key)));
    }
  }

  async function guarded(key, fn) {
    if (state.busy) return;
    clearErrors();
    setBusy(true, key);
    try {
      await fn();
      showMessage('', '');
      // One-column layout (tablet): bring the results into view.
      if (window.matchMedia && window.matchMedia('(max-width: 1099px)').matches) {
        $('#results-title').scrollIntoView({ block: 'start' });
      }
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  }

  function runCheck() {
    return guarded('busy_check', async () => {
      const elig = await api('v1/eligibility', Object.assign(baseRequest(), { routes: null }));
      state.elig = elig;
      state.gaps = null;
      state.whatif = null;
      state.last = 'check';
      noteRules(elig.rules_version);
      syncWhatIf();
      render();
    });
  }

  function runGaps() {
    return guarded('busy_gaps', async () => {
      const base = baseRequest();
      const horizonRaw = $('#f-horizon').value.trim();
      const horizon = horizonRaw === '' ? 36 : Number(horizonRaw);
      const common = Object.assign({}, base, {
        horizon_months: Number.isFinite(horizon) ? horizon : horizonRaw,
        respect_intake_windows: $('#f-respect_windows').checked,
        max_plans: 3,
        routes: null,
      });
      const [elig, earliest, leastEffort] = await Promise.all([
        api('v1/eligibility', Object.assign({}, base, { routes: null })),
        api('v1/gaps', Object.assign({}, common, { objective: 'earliest' })),
        api('v1/gaps', Object.assign({}, common, { objective: 'least_effort' })),
      ]);
      state.elig = elig;
      state.gaps = { earliest, least_effort: leastEffort };
      state.whatif = null;
      state.last = 'gaps';
      noteRules(elig.rules_version);
      const ranked = rankedRoutes();
      if (!state.selected || !ranked.some((r) => r.id === state.selected)) {
        const firstWithPlan = ranked.find((r) => r.status === 'reachable' || r.status === 'eligible_now');
        state.selected = (firstWithPlan || ranked[0] || {}).id || null;
      }
      syncWhatIf();
      render();
    });
  }

  const WHATIF_INPUT = {
    'french.oral_comprehension': '#wi-oral_comprehension',
    'french.oral_production': '#wi-oral_production',
    salary: '#wi-salary',
  };
  let lastWhatIfChanges = [];

  function runWhatIf() {
    const base = baseRequest();
    const a = base.applicant;
    const fr = a.french || {};
    const changes = [];
    const oc = readField($('#wi-oral_comprehension'));
    const op = readField($('#wi-oral_production'));
    const sal = readField($('#wi-salary'));
    const newDate = readField($('#wi-date'));
    if (oc !== null && oc !== fr.oral_comprehension) changes.push({ lever: 'french.oral_comprehension', to: oc });
    if (op !== null && op !== fr.oral_production) changes.push({ lever: 'french.oral_production', to: op });
    if (sal !== null && sal !== currentSalary(a)) changes.push({ lever: 'salary', to: sal });
    const oldDate = base.application_date || todayIso();
    const dateChanged = newDate !== null && newDate !== oldDate;
    if (!changes.length && !dateChanged) {
      clearErrors();
      showMessage('warn', t('whatif_nochange'));
      return Promise.resolve();
    }
    lastWhatIfChanges = changes;
    return guarded('busy_whatif', async () => {
      let before;
      let after;
      let changed;
      let applied = changes.map((c) => ({ lever: c.lever, to: c.to }));
      if (!dateChanged) {
        const ans = await api('v1/what-if', Object.assign({}, base, { changes }));
        before = ans.before;
        after = ans.after;
        changed = ans.changed_routes || [];
        if (Array.isArray(ans.applied_changes) && ans.applied_changes.length) applied = ans.applied_changes;
      } else {
        // A new application date: the service's what-if compares at one date, so the page
        // asks for the profile at the old date and the scenario at the new one, and
        // compares the two verdicts route by route.
        const beforeP = api('v1/eligibility', Object.assign({}, base, { routes: null }));
        const afterP = changes.length
          ? api('v1/what-if', Object.assign({}, base, { application_date: newDate, changes })).then((ans) => {
            if (Array.isArray(ans.applied_changes) && ans.applied_changes.length) applied = ans.applied_changes;
            return ans.after;
          })
          : api('v1/eligibility', Object.assign({}, base, { application_date: newDate, routes: null }));
        [before, after] = await Promise.all([beforeP, afterP]);
        const verdicts = Object.fromEntries(before.routes.map((r) => [r.route, r.verdict]));
        changed = after.routes.filter((r) => verdicts[r.route] !== r.verdict).map((r) => r.route);
      }
      const parts = applied.map((c) => `${leverLabel(c.lever)} ${'from' in c && c.from !== undefined && c.from !== null ? `${fmtValue(c.lever, c.from)} → ` : '→ '}${fmtValue(c.lever, c.to)}`);
      if (dateChanged) parts.push(t('whatif_date', { b: oldDate, a: newDate }));
      state.whatif = { before, after, changed: new Set(changed), label: parts.join('; ') };
      if (!state.elig) state.elig = before;
      noteRules(after.rules_version);
      render();
    });
  }

  function noteRules(v) {
    if (v) state.rulesVersion = v;
    $('#rules-version').textContent = state.rulesVersion ? t('rules_version', { v: state.rulesVersion }) : '';
  }

  async function loadCatalog() {
    try {
      const cat = await api('v1/routes');
      const list = Array.isArray(cat) ? cat : (cat.routes || []);
      const byId = {};
      for (const r of list) {
        const id = r.route || r.id;
        if (id) byId[id] = r;
      }
      state.catalog = byId;
      if (cat.rules_version) noteRules(cat.rules_version);
      if (state.elig) render();
    } catch (e) {
      // The catalogue only adds names and intake windows; the page works without it.
      state.catalog = null;
    }
  }

  // ------------------------------------------------------------------ catalogue access
  function textIn(v) {
    if (v === null || v === undefined) return '';
    if (typeof v === 'string') return v;
    if (typeof v === 'object') return v[state.lang] || v.en || v.fr || '';
    return String(v);
  }

  function routeName(id) {
    const r = state.catalog && state.catalog[id];
    const fromCat = r ? textIn(r.name) : '';
    if (fromCat) return fromCat;
    const key = `route_${id}`;
    const v = t(key);
    return v === key ? id : v;
  }

  // Intake windows of a route, from the catalogue (RoutesCatalog): [{start, end}] as ISO
  // strings; a window that closed early for one of the route's intake scopes ends that day.
  function intakeWindows(id) {
    const r = state.catalog && state.catalog[id];
    if (!r) return [];
    const scopes = Array.isArray(r.intake_scopes) ? r.intake_scopes : [];
    const out = [];
    for (const ed of r.editions || []) {
      const closures = (ed.early_closures || [])
        .map((c) => ({ scope: c && c.scope, on: c && (c.closed_on || c.on) }))
        .filter((c) => typeof c.on === 'string' && (!scopes.length || scopes.includes(c.scope)));
      for (const w of ed.windows || []) {
        if (!w || typeof w.start !== 'string' || typeof w.end !== 'string') continue;
        let end = w.end;
        for (const c of closures) if (c.on >= w.start && c.on < end) end = c.on;
        out.push({ start: w.start, end });
      }
    }
    return out;
  }

  function programEnd(id) {
    const r = state.catalog && state.catalog[id];
    return r && typeof r.end_date === 'string' ? r.end_date : PROGRAM_END;
  }

  function criterionDescription(routeId, c) {
    if (c.description) return c.description;
    const r = state.catalog && state.catalog[routeId];
    const cc = r && Array.isArray(r.criteria) ? r.criteria.find((x) => x.id === c.id) : null;
    if (cc) {
      const d = textIn(cc.description) || textIn({ en: cc.en, fr: cc.fr });
      if (d) return d;
    }
    return c.id;
  }

  // ------------------------------------------------------------------ values
  function leverLabel(lever) {
    if (typeof lever !== 'string') return String(lever);
    if (lever.startsWith('declaration.')) {
      const f = lever.slice('declaration.'.length);
      const key = `fld_${f}`;
      return t('lever_declaration', { f: t(key) === key ? f : t(key) });
    }
    const key = `lever_${lever}`;
    const v = t(key);
    return v === key ? lever : v;
  }

  // A short lever name for the timeline's left gutter.
  function leverShort(lever) {
    const key = String(lever).startsWith('declaration.') ? 'short_declaration' : `short_${lever}`;
    const v = t(key);
    let label = v === key ? leverLabel(lever) : v;
    if (label.length > 24) label = `${label.slice(0, 23)}…`;
    return label;
  }

  function leverFamily(lever) {
    const head = String(lever).split('.')[0];
    return ['wait', 'french', 'diploma', 'job', 'salary', 'declaration'].includes(head) ? head : 'other';
  }

  function fmtValue(lever, v) {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'boolean') return v ? t('opt_yes') : t('opt_no');
    if (typeof v === 'number') return lever === 'salary' ? fmtMoney(v) : fmtNumber(v, 2);
    if (typeof v === 'object') return JSON.stringify(v);
    if (lever === 'status_in_quebec' && STATUS_VALUES.includes(v)) return t(`status_${v}`);
    if (lever === 'expert_committee_opinion' && OPINION_VALUES.includes(v)) return t(`opinion_${v}`);
    if (lever === 'diploma' && DIPLOMA_LEVELS.includes(v)) return t(`level_${v}`);
    return String(v);
  }

  // ------------------------------------------------------------------ ranking
  const STATUS_RANK = { eligible_now: 0, reachable: 1, unreachable: 2 };
  const VERDICT_RANK = { eligible: 0, unknown: 1, not_eligible: 2 };

  function gapsFor(id) {
    if (!state.gaps) return null;
    const out = {};
    for (const o of OBJECTIVES) {
      const ans = state.gaps[o];
      out[o] = ans && Array.isArray(ans.routes) ? ans.routes.find((r) => r.route === id) || null : null;
    }
    return out;
  }

  function cheapestPlan(g) {
    let best = null;
    for (const o of OBJECTIVES) {
      for (const p of (g && g[o] && g[o].plans) || []) {
        if (!best || p.effort < best.effort || (p.effort === best.effort && p.months_from_start < best.months_from_start)) best = p;
      }
    }
    return best;
  }

  function gapStatus(g) {
    if (!g) return null;
    const statuses = OBJECTIVES.map((o) => g[o] && g[o].status).filter(Boolean);
    if (!statuses.length) return null;
    return statuses.sort((x, y) => STATUS_RANK[x] - STATUS_RANK[y])[0];
  }

  function rankedRoutes() {
    const elig = state.whatif ? state.whatif.after : state.elig;
    const ids = [];
    for (const r of (elig && elig.routes) || []) ids.push(r.route);
    if (state.gaps) for (const r of state.gaps.earliest.routes || []) if (!ids.includes(r.route)) ids.push(r.route);
    const rows = ids.map((id, order) => {
      const e = elig ? elig.routes.find((r) => r.route === id) || null : null;
      const before = state.whatif ? state.whatif.before.routes.find((r) => r.route === id) || null : null;
      const g = gapsFor(id);
      const status = gapStatus(g);
      const cheapest = cheapestPlan(g);
      return { id, order, elig: e, before, gaps: g, status, cheapest };
    });
    rows.sort((x, y) => {
      if (x.status && y.status) {
        const d = STATUS_RANK[x.status] - STATUS_RANK[y.status];
        if (d) return d;
        const ex = x.cheapest ? x.cheapest.effort : Infinity;
        const ey = y.cheapest ? y.cheapest.effort : Infinity;
        if (ex !== ey) return ex < ey ? -1 : 1;
        const mx = x.cheapest ? x.cheapest.months_from_start : Infinity;
        const my = y.cheapest ? y.cheapest.months_from_start : Infinity;
        if (mx !== my) return mx < my ? -1 : 1;
      }
      const vx = x.elig ? VERDICT_RANK[x.elig.verdict] : 3;
      const vy = y.elig ? VERDICT_RANK[y.elig.verdict] : 3;
      if (vx !== vy) return vx - vy;
      const ox = ROUTE_IDS.indexOf(x.id);
      const oy = ROUTE_IDS.indexOf(y.id);
      return (ox < 0 ? 99 : ox) - (oy < 0 ? 99 : oy) || x.order - y.order;
    });
    return rows;
  }

  // ------------------------------------------------------------------ rendering
  function render() {
    renderResults();
    renderPlans();
  }

  function badge(cls, text, extra) {
    return h('span', Object.assign({ class: `badge ${cls}` }, extra || {}), text);
  }

  function renderCriterion(routeId, c) {
    return h('li', { class: `crit crit-${c.verdict}`, dataset: { criterion: c.id } },
      badge(`c-${c.verdict}`, t(`c_${c.verdict}`)),
      h('div', {},
        h('span', { class: 'crit-desc' }, criterionDescription(routeId, c)),
        c.explanation ? h('span', { class: 'crit-expl' }, c.explanation) : null,
        c.assumption ? h('span', { class: 'assumption' }, t('assumption', { a: c.assumption })) : null,
        c.source ? h('span', { class: 'source' }, c.source) : null));
  }

  function renderResults() {
    const box = $('#results');
    box.textContent = '';
    const elig = state.whatif ? state.whatif.after : state.elig;
    if (!elig) {
      box.append(h('p', { class: 'muted', id: 'results-empty', text: t('results_empty') }));
      return;
    }
    if (state.whatif) {
      const n = state.whatif.changed.size;
      box.append(h('div', { class: 'banner banner-whatif', id: 'whatif-banner' },
        h('strong', {}, t('whatif_banner', { c: state.whatif.label })), ' ',
        n ? t('whatif_changed', { n }) : t('whatif_unchanged'),
        state.gaps ? h('span', { class: 'small muted' }, ` ${t('whatif_gaps_note')}`) : null,
        h('div', { class: 'btn-row' }, h('button', { type: 'button', id: 'btn-whatif-exit', onclick: exitWhatIf }, t('btn_whatif_exit')))));
    }
    if (elig.notice) box.append(h('div', { class: 'banner banner-warn', id: 'notice' }, elig.notice));
    if (state.gaps && !state.whatif) {
      const ans = state.gaps.earliest;
      if (ans.notice && ans.notice !== elig.notice) box.append(h('div', { class: 'banner banner-warn' }, ans.notice));
    }
    box.append(h('p', { class: 'meta' },
      t('meta_eligibility', { d: elig.application_date, v: elig.rules_version }),
      state.gaps ? h('br') : null,
      state.gaps ? t('meta_gaps', {
        d: state.gaps.earliest.application_date,
        h: state.gaps.earliest.horizon_months,
        w: state.gaps.earliest.respect_intake_windows ? t('windows_respected') : t('windows_ignored'),
      }) : null,
      h('br'),
      state.gaps ? t('ranking_note') : t('ranking_note_verdict')));

    const list = h('ol', { class: 'routes', id: 'routes' });
    rankedRoutes().forEach((row, i) => list.append(renderRouteRow(row, i + 1)));
    box.append(list);
  }

  function renderRouteRow(row, rank) {
    const e = row.elig;
    const changed = state.whatif && state.whatif.changed.has(row.id);
    const classes = ['route'];
    if (changed) classes.push('changed');
    if (row.id === state.selected) classes.push('selected');
    const li = h('li', { class: classes.join(' '), id: `route-${row.id}`, dataset: { route: row.id, verdict: e ? e.verdict : '', status: row.status || '' } });

    const badges = h('div', { class: 'badges' });
    if (e) badges.append(badge(`v-${e.verdict}`, t(`v_${e.verdict}`), { 'data-role': 'verdict' }));
    if (changed && row.before) {
      badges.append(badge('b-changed', t('verdict_changed', { b: t(`v_${row.before.verdict}`), a: t(`v_${e.verdict}`) }), { 'data-role': 'changed' }));
    }
    if (row.status) badges.append(badge(`g-${row.status}`, t(`g_${row.status}`), { 'data-role': 'gap-status' }));
    const effort = row.cheapest ? h('span', { class: 'effort' }, t('cheapest', { e: fmtNumber(row.cheapest.effort), d: row.cheapest.apply_on })) : null;
    const nameId = nextId('route-name');
    const showBtn = h('button', {
      type: 'button', class: 'btn-show-plans', 'aria-controls': 'plan-panel', 'aria-describedby': nameId,
      'aria-pressed': row.id === state.selected ? 'true' : 'false',
      onclick: () => selectRoute(row.id, true),
    }, t('btn_show_plans'));
    const edition = e && (e.edition ? t('edition', { e: e.edition }) : t('no_edition'));
    li.append(h('div', { class: 'route-head' },
      h('span', { class: 'rank', 'aria-hidden': 'true' }, String(rank)),
      h('div', { class: 'route-name', id: nameId }, h('strong', {}, routeName(row.id)), h('code', {}, row.id), edition ? h('span', { class: 'muted small' }, ` · ${edition}`) : null),
      badges, effort, showBtn));

    if (e && e.intake) {
      const w = e.intake.window;
      const status = e.intake.open ? t('intake_open') : t('intake_closed');
      const range = w && !e.intake.note ? ` (${t('window_range', { s: w.start, e: w.end })})` : '';
      li.append(h('p', { class: `intake ${e.intake.open ? 'open' : 'closed'}` }, h('strong', {}, status), range, e.intake.note ? ` — ${e.intake.note}` : ''));
    }
    if (e) {
      const bad = e.criteria.filter((c) => c.verdict !== 'met');
      const good = e.criteria.filter((c) => c.verdict === 'met');
      if (bad.length) {
        bad.sort((x, y) => (x.verdict === y.verdict ? 0 : x.verdict === 'not_met' ? -1 : 1));
        li.append(h('ul', { class: 'criteria' }, bad.map((c) => renderCriterion(row.id, c))));
      } else {
        li.append(h('p', { class: 'all-met' }, t('all_met')));
      }
      if (good.length) {
        li.append(h('details', { class: 'met-list' }, h('summary', {}, t('n_met', { n: good.length })),
          h('ul', { class: 'criteria' }, good.map((c) => renderCriterion(row.id, c)))));
      }
    }
    if (row.status === 'unreachable') {
      const reasons = (row.gaps.earliest && row.gaps.earliest.reasons) || (row.gaps.least_effort && row.gaps.least_effort.reasons) || [];
      if (reasons.length) li.append(h('ul', { class: 'reasons small' }, reasons.map((r) => h('li', {}, r))));
    }
    return li;
  }

  function exitWhatIf() {
    state.whatif = null;
    render();
  }

  function selectRoute(id, focus) {
    state.selected = id;
    for (const li of $$('#routes > .route')) {
      li.classList.toggle('selected', li.dataset.route === id);
      const btn = $('.btn-show-plans', li);
      if (btn) btn.setAttribute('aria-pressed', li.dataset.route === id ? 'true' : 'false');
    }
    renderPlans();
    if (focus) {
      const panel = planPanel;
      panel.scrollIntoView({ block: 'start', behavior: 'smooth' });
      panel.focus({ preventScroll: true });
    }
  }

  let planPanel = null;

  function renderPlans() {
    const panel = planPanel;
    panel.textContent = '';
    // The plans open under the selected route's row (or at the end of the results).
    const host = state.selected ? document.getElementById(`route-${state.selected}`) : null;
    if (host) host.append(panel);
    else $('.pane-results').append(panel);
    const id = state.selected;
    if (!id || !(state.elig || state.gaps)) return;
    const g = gapsFor(id);
    const wrap = h('section', { class: 'plan-panel', 'aria-labelledby': 'plans-title', dataset: { route: id } },
      h('h2', { id: 'plans-title' }, t('plans_title', { r: routeName(id) })));
    panel.append(wrap);
    if (!g) {
      wrap.append(h('p', { class: 'muted' }, t('plans_none_yet')));
      return;
    }
    const status = gapStatus(g);
    if (status) wrap.append(h('p', {}, badge(`g-${status}`, t(`g_${status}`))));
    const reasons = new Set();
    const assumptions = new Set();
    for (const o of OBJECTIVES) {
      for (const r of (g[o] && g[o].reasons) || []) reasons.add(r);
      for (const a of (g[o] && g[o].assumptions) || []) assumptions.add(a);
    }
    if (reasons.size) wrap.append(h('p', {}, t('reasons')), h('ul', { class: 'reasons' }, Array.from(reasons).map((r) => h('li', {}, r))));
    if (assumptions.size) wrap.append(h('p', { class: 'small' }, t('assumptions')), h('ul', { class: 'reasons small' }, Array.from(assumptions).map((a) => h('li', {}, a))));
    const plans = h('div', { class: 'plans' });
    for (const o of OBJECTIVES) {
      const rg = g[o];
      const start = state.gaps[o].application_date;
      const art = h('article', { class: `plan plan-${o}`, dataset: { objective: o } }, h('h3', {}, t(`obj_${o}`)));
      const list = (rg && rg.plans) || [];
      if (!list.length) {
        art.append(h('p', { class: 'muted' }, t('no_plan')));
      } else {
        art.append(renderPlan(list[0], id, o, start, true));
        if (list.length > 1) {
          const more = h('details', { class: 'other-plans' }, h('summary', {}, t('other_plans', { n: list.length - 1 })));
          list.slice(1).forEach((p, i) => more.append(h('div', { class: 'other-plan' }, h('h4', {}, t('plan_n', { n: i + 2 })), renderPlan(p, id, o, start, false))));
          art.append(more);
        }
      }
      plans.append(art);
    }
    wrap.append(plans);
  }

  function renderPlan(plan, routeId, objective, start, withTimeline) {
    const frag = h('div', { class: 'plan-body' });
    frag.append(h('p', { class: 'plan-summary' },
      h('strong', { 'data-role': 'apply-on' }, t('apply_on', { d: plan.apply_on })), ' · ',
      t('months_from_start', { n: plan.months_from_start }), ' · ',
      t('effort', { e: fmtNumber(plan.effort) }), ' · ',
      h('span', { class: plan.optimal ? '' : 'muted' }, plan.optimal ? t('optimal_yes') : t('optimal_no'))));
    if (!plan.changes || !plan.changes.length) {
      frag.append(h('p', {}, t('no_changes')));
    } else {
      const table = h('table', { class: 'changes' },
        h('thead', {}, h('tr', {}, ['th_lever', 'th_from', 'th_to', 'th_by', 'th_note'].map((k) => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, plan.changes.map((c) => h('tr', { dataset: { lever: c.lever } },
          h('td', {}, leverLabel(c.lever), h('br'), h('code', { class: 'muted' }, c.lever)),
          h('td', { class: 'num' }, fmtValue(c.lever, c.from)),
          h('td', { class: 'num' }, fmtValue(c.lever, c.to)),
          h('td', { class: 'num' }, c.by || '—'),
          h('td', {}, c.note || '')))));
      frag.append(h('div', { class: 'table-wrap' }, table));
    }
    if (withTimeline) frag.append(timeline(plan, routeId, objective, start));
    return frag;
  }

  // ------------------------------------------------------------------ timeline (inline SVG)
  function timeline(plan, routeId, objective, startIso) {
    const start = parseIso(startIso);
    const applyMs = parseIso(plan.apply_on);
    const endIso = programEnd(routeId);
    const endProg = parseIso(endIso);
    const changes = plan.changes || [];
    const DAY = 86400000;
    const monthOf = (ms) => (ms - start) / (DAY * 365.25 / 12);

    // x-axis: whole months from the planning start, far enough to show the apply date,
    // every deadline and the 2026-01-01 program end (a few months past it).
    let last = Math.max(6, monthOf(applyMs));
    for (const c of changes) if (c.by) last = Math.max(last, monthOf(parseIso(c.by)));
    const endMonth = monthOf(endProg);
    last = Math.max(last, endMonth) + 2;
    const months = Math.ceil(last);

    const W = 760;
    const left = 186;
    const right = 14;
    const top = 44;
    const rowH = 24;
    const rows = Math.max(changes.length, 1);
    const plotH = rows * rowH + 8;
    const axisY = top + plotH;
    const H = axisY + 34;
    const plotW = W - left - right;
    const xOfMonth = (m) => left + (Math.max(0, Math.min(m, months)) / months) * plotW;
    const xOf = (ms) => xOfMonth(monthOf(ms));
    const domainEnd = addMonths(start, months);

    const titleId = nextId('tl-title');
    const descId = nextId('tl-desc');
    const hatchId = nextId('tl-hatch');
    const svg = s('svg', {
      class: 'timeline', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`,
      preserveAspectRatio: 'xMinYMin meet', 'data-route': routeId, 'data-objective': objective,
    });
    svg.append(
      s('title', { id: titleId }, t('tl_title', { o: t(`obj_${objective}`), r: routeName(routeId) })),
      s('desc', { id: descId }, t('tl_desc', { s: startIso, a: plan.apply_on })),
      s('defs', {}, s('pattern', { id: hatchId, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        s('rect', { width: 6, height: 6, fill: '#fff' }),
        s('rect', { width: 3, height: 6, fill: '#f3c7c2' }))));

    // Intake windows from the catalogue, shaded behind everything.
    const winGroup = s('g', { class: 'tl-windows' });
    for (const w of intakeWindows(routeId)) {
      const ws = parseIso(w.start);
      const we = parseIso(w.end) + DAY;  // the end day is inclusive
      if (we <= start || ws >= domainEnd) continue;
      const x0 = xOf(Math.max(ws, start));
      const x1 = xOf(Math.min(we, domainEnd));
      if (x1 - x0 < 0.5) continue;
      winGroup.append(s('rect', { class: 'tl-window', x: x0, y: top - 4, width: x1 - x0, height: plotH + 4 },
        s('title', {}, `${t('tl_window')} ${w.start} → ${w.end}`)));
      winGroup.append(s('line', { class: 'tl-window-edge', x1: x0, x2: x0, y1: top - 4, y2: axisY }));
      winGroup.append(s('line', { class: 'tl-window-edge', x1, x2: x1, y1: top - 4, y2: axisY }));
    }
    svg.append(winGroup);

    // Program end: hatched from 2026-01-01 to the end of the axis.
    const xEnd = xOf(endProg);
    if (endProg < domainEnd) {
      svg.append(s('rect', { class: 'tl-ended', fill: `url(#${hatchId})`, x: xEnd, y: top - 4, width: Math.max(0, left + plotW - xEnd), height: plotH + 4 }));
      svg.append(s('line', { class: 'tl-end-line', x1: xEnd, x2: xEnd, y1: 4, y2: axisY }));
      const endLabel = t('tl_end', { d: endIso });
      const anchorEnd = xEnd > W - 160;
      svg.append(s('text', { class: 'tl-end-label', x: anchorEnd ? xEnd - 5 : xEnd + 5, y: 14, 'text-anchor': anchorEnd ? 'end' : 'start' }, endLabel));
    }

    // Month grid, ticks and labels.
    // Label every `step` months, so that two labels are never closer than ~70 units.
    const step = [1, 2, 3, 6, 12, 24].find((k) => (plotW / months) * k >= 70) || 24;
    const grid = s('g', { class: 'tl-axis-group' });
    for (let m = 0; m <= months; m += 1) {
      const x = xOfMonth(m);
      grid.append(s('line', { class: 'tl-tick', x1: x, x2: x, y1: axisY, y2: axisY + (m % step === 0 ? 5 : 3) }));
      if (m % step === 0) {
        grid.append(s('line', { class: 'tl-grid', x1: x, x2: x, y1: top, y2: axisY }));
        const anchor = m === 0 ? 'start' : x > left + plotW - 24 ? 'end' : 'middle';
        grid.append(s('text', { class: 'tl-month', x, y: axisY + 16, 'text-anchor': anchor }, `+${m}`));
        grid.append(s('text', { class: 'tl-month', x, y: axisY + 29, 'text-anchor': anchor }, monthLabel(addMonths(start, m))));
      }
    }
    grid.append(s('line', { class: 'tl-axis', x1: left, x2: left + plotW, y1: axisY, y2: axisY }));
    grid.append(s('text', { class: 'tl-month', x: left - 6, y: axisY + 16, 'text-anchor': 'end' }, t('tl_month')));
    svg.insertBefore(grid, winGroup.nextSibling);

    // One bar per lever, from the start to its deadline.
    changes.forEach((c, i) => {
      const y = top + i * rowH + 4;
      const byMs = parseIso(c.by) ?? applyMs;
      const x0 = xOf(start);
      const x1 = Math.max(x0 + 3, xOf(byMs));
      svg.append(s('text', { class: 'tl-lever-label', x: left - 8, y: y + rowH / 2 + 1, 'text-anchor': 'end' },
        leverShort(c.lever), s('title', {}, leverLabel(c.lever))));
      svg.append(s('rect', { class: `tl-bar lever-${leverFamily(c.lever)}`, x: x0, y: y + 3, width: x1 - x0, height: rowH - 10, rx: 3, 'data-lever': c.lever },
        s('title', {}, `${leverLabel(c.lever)}: ${fmtValue(c.lever, c.from)} → ${fmtValue(c.lever, c.to)}, ${t('th_by').toLowerCase()} ${c.by || plan.apply_on}`)));
      const byText = c.by || plan.apply_on;
      const inside = x1 + 70 > left + plotW;
      svg.append(s('text', { class: 'tl-by', x: inside ? x1 - 4 : x1 + 4, y: y + rowH / 2 + 1, 'text-anchor': inside ? 'end' : 'start', fill: inside ? '#fff' : null }, byText));
    });
    if (!changes.length) {
      svg.append(s('text', { class: 'tl-lever-label', x: left - 8, y: top + rowH / 2 + 1, 'text-anchor': 'end' }, t('no_changes').split(':')[0]));
    }

    // The application date.
    const xa = xOf(applyMs);
    svg.append(s('line', { class: 'tl-apply', x1: xa, x2: xa, y1: top - 6, y2: axisY }));
    svg.append(s('path', { class: 'tl-apply-mark', d: `M ${xa} ${top - 12} l 5 6 l -5 6 l -5 -6 z` }));
    const applyLabel = t('tl_apply', { d: plan.apply_on });
    const flip = xa > W - 140;
    svg.append(s('text', { class: 'tl-apply-label', x: flip ? xa - 8 : xa + 8, y: top - 10, 'text-anchor': flip ? 'end' : 'start' }, applyLabel));

    const legend = h('div', { class: 'legend', 'aria-hidden': 'true' },
      h('span', { class: 'lg-bar' }, t('tl_lever')),
      h('span', { class: 'lg-apply' }, t('tl_apply', { d: plan.apply_on })),
      h('span', { class: 'lg-window' }, t('tl_window')),
      h('span', { class: 'lg-ended' }, t('tl_end', { d: endIso })));
    return h('figure', { class: 'timeline-figure' }, svg, legend);
  }

  // ------------------------------------------------------------------ i18n
  function applyI18n() {
    document.documentElement.lang = state.lang;
    document.title = t('app_title');
    for (const el of $$('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const sel of $$('select[data-kind="tri"], select[data-kind="select"]')) fillOptions(sel);
    renumber('diplomas');
    renumber('work');
    renumber('wages');
    noteRules(null);
  }

  function setLang(lang) {
    state.lang = lang === 'fr' ? 'fr' : 'en';
    $('#lang').value = state.lang;
    try { localStorage.setItem('pilotgap.lang', state.lang); } catch (e) { /* private mode */ }
    applyI18n();
    render();
  }

  async function switchLang(lang) {
    const hadWhatIf = Boolean(state.whatif);
    const whatIfValues = $$('#sec-whatif input').map((el) => [el, el.value]);
    setLang(lang);
    // A request already in flight answers in the old language: let it finish first.
    while (state.busy) await new Promise((resolve) => setTimeout(resolve, 100));
    // Explanations come from the service in the requested language: ask again.
    if (state.last === 'gaps') await runGaps();
    else if (state.last === 'check') await runCheck();
    if (hadWhatIf) {
      for (const [el, v] of whatIfValues) el.value = v;
      await runWhatIf();
    }
  }

  function initialLang() {
    const q = new URLSearchParams(window.location.search).get('lang');
    if (q === 'fr' || q === 'en') return q;
    try {
      const saved = localStorage.getItem('pilotgap.lang');
      if (saved === 'fr' || saved === 'en') return saved;
    } catch (e) { /* private mode */ }
    const nav = (navigator.languages && navigator.languages[0]) || navigator.language || 'en';
    return String(nav).toLowerCase().startsWith('fr') ? 'fr' : 'en';
  }

  // ------------------------------------------------------------------ wiring
  function download(name, text) {
    const blob = new Blob([text], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function resetForm() {
    writeApplicant({});
    $('#wages').textContent = '';
    renumber('wages');
    $('#f-application_date').value = todayIso();
    $('#f-horizon').value = '36';
    $('#f-respect_windows').checked = true;
    $('#json-text').value = '';
    clearErrors();
    syncWhatIf(true);
  }

  function init() {
    window.addEventListener('error', (ev) => showMessage('error', t('err_script', { m: ev.message })));
    window.addEventListener('unhandledrejection', (ev) => showError(ev.reason));

    planPanel = $('#plan-panel');
    for (const sel of $$('select[data-kind]')) fillOptions(sel);
    buildOffer();
    state.lang = initialLang();
    $('#lang').value = state.lang;
    applyI18n();
    $('#f-application_date').value = todayIso();
    syncWhatIf();

    $('#lang').addEventListener('change', (ev) => { switchLang(ev.target.value); });
    $('#btn-add-diploma').addEventListener('click', () => {
      const row = addRow('diplomas', DIPLOMA_FIELDS, null, 'diploma_n');
      $('select', row).focus();
    });
    $('#btn-add-work').addEventListener('click', () => {
      const row = addRow('work', WORK_FIELDS, { paid: true, authorized: true }, 'work_n');
      $('input', row).focus();
    });
    $('#btn-add-wage').addEventListener('click', () => {
      const row = addWageRow();
      $('input', row).focus();
    });
    $('#f-has_offer').addEventListener('change', (ev) => { $('#offer').hidden = !ev.target.checked; });
    $('#btn-check').addEventListener('click', runCheck);
    $('#btn-gaps').addEventListener('click', runGaps);
    $('#btn-whatif').addEventListener('click', runWhatIf);
    $('#btn-whatif-sync').addEventListener('click', () => syncWhatIf(true));
    $('#sec-whatif').addEventListener('input', (ev) => { if (ev.target.dataset) ev.target.dataset.edited = 'true'; });
    // The what-if fields follow the profile until the advisor edits them.
    $('#profile').addEventListener('change', (ev) => { if (!ev.target.closest('#sec-whatif')) syncWhatIf(false); });
    $('#btn-import').addEventListener('click', () => importJson($('#json-text').value));
    $('#json-file').addEventListener('change', (ev) => {
      const file = ev.target.files && ev.target.files[0];
      if (!file) return;
      file.text().then((text) => {
        $('#json-text').value = text;
        importJson(text);
      }, (e) => showMessage('error', t('err_file', { m: e.message })));
    });
    $('#btn-export').addEventListener('click', () => {
      $('#json-text').value = exportJson();
      $('#sec-json').open = true;
      showMessage('info', t('export_ok'));
    });
    $('#btn-download').addEventListener('click', () => download('profile.json', exportJson()));
    $('#btn-reset').addEventListener('click', () => {
      resetForm();
      showMessage('info', t('reset_ok'));
    });
    // The form never submits (Enter in a field runs the eligibility check instead).
    $('#profile').addEventListener('submit', (ev) => { ev.preventDefault(); runCheck(); });
    // Editing a field clears its error marker.
    $('#profile').addEventListener('input', (ev) => {
      const el = ev.target;
      if (el.getAttribute && el.getAttribute('aria-invalid') === 'true') {
        el.removeAttribute('aria-invalid');
        const err = el.getAttribute('aria-describedby');
        if (err) { const p = document.getElementById(err); if (p) p.remove(); }
        el.removeAttribute('aria-describedby');
      }
    });

    loadCatalog();
    render();
  }

  // Exposed for tests and the console: read-only helpers, no state changes.
  window.pilotgapAdvisor = { collectApplicant, exportJson, importJson };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
