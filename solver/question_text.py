"""The words of a question: the prompt to put to the client and why it matters, in English
or French. Which inputs are asked is decided in ``solver.questions``; this module only says them."""

from __future__ import annotations

from typing import Any

from solver.applicant import Applicant
from solver.criteria.diploma import level_name
from solver.ranking.grid import latest_target
from solver.rules.book import RuleBook
from solver.text import pick

#: The question for each field, by the last part of its path; ``{job}``, ``{employer}`` and
#: ``{diploma}`` name the record the field belongs to.
PROMPTS: dict[str, tuple[str, str]] = {
    "internship": ("Was {job} a compulsory internship?", "{Job} était-il un stage obligatoire ?"),
    "self_employed": ("Were you self-employed in {job}?", "Étiez-vous travailleur autonome pour {job} ?"),
    "written_comprehension": (
        "What is your level of written French comprehension (Échelle québécoise 1-12), and when was it assessed?",
        "Quel est votre niveau de compréhension écrite du français (Échelle québécoise 1 à 12), et quand a-t-il "
        "été évalué ?",
    ),
    "written_production": (
        "What is your level of written French production (Échelle québécoise 1-12), and when was it assessed?",
        "Quel est votre niveau de production écrite du français (Échelle québécoise 1 à 12), et quand a-t-il "
        "été évalué ?",
    ),
    "spouse": (
        "Will a spouse or partner accompany you, and if so, what are their French levels, birth date and "
        "Québec experience?",
        "Un conjoint ou une conjointe vous accompagnera-t-il et, si oui, quels sont son niveau de français, sa "
        "date de naissance et son expérience au Québec ?",
    ),
    "family_in_quebec": (
        "Does a member of your family, or of your spouse's, live in Québec?",
        "Un membre de votre famille, ou de celle de votre conjoint, vit-il au Québec ?",
    ),
    "principal_noc": (
        "What is your principal occupation (its NOC 2021 code)?",
        "Quelle est votre profession principale (son code CNP 2021) ?",
    ),
    "partner_opinion": (
        "Have you obtained the opinion of a designated partner (CALQ, FRQ or INS Québec)?",
        "Avez-vous obtenu l'avis d'un partenaire désigné (CALQ, FRQ ou INS Québec) ?",
    ),
    "exceptional_achievement": (
        "Do you hold a document showing an exceptional achievement?",
        "Détenez-vous un document attestant un accomplissement exceptionnel ?",
    ),
    "exceptional_talent": (
        "Have you obtained a designated partner's opinion, or a document showing an exceptional achievement?",
        "Avez-vous obtenu l'avis d'un partenaire désigné, ou un document attestant un accomplissement exceptionnel ?",
    ),
    "french@spouse": (
        "What are your accompanying spouse's levels of French (Échelle québécoise 1-12), and when were they assessed?",
        "Quels sont les niveaux de français de votre conjoint ou conjointe (Échelle québécoise 1 à 12), et quand "
        "ont-ils été évalués ?",
    ),
    "birth_date@spouse": (
        "What is your accompanying spouse's date of birth?",
        "Quelle est la date de naissance de votre conjoint ou conjointe ?",
    ),
    "hours": ("How many hours long is {diploma}'s program?", "Combien d'heures compte le programme de {diploma} ?"),
    "birth_date": ("What is your date of birth?", "Quelle est votre date de naissance ?"),
    "status_in_quebec": (
        "What is your status in Québec (worker, youth exchange, spouse with an open work permit, student, "
        "visitor, abroad)?",
        "Quel est votre statut au Québec (travailleur, échange jeunesse, conjoint avec un permis de travail "
        "ouvert, étudiant, visiteur, à l'étranger) ?",
    ),
    "intends_to_settle_in_quebec": (
        "Do you intend to settle in Québec to hold a job?",
        "Avez-vous l'intention de vous établir au Québec pour y occuper un emploi ?",
    ),
    "controls_employer": (
        "Do you control, directly or indirectly, the enterprise that employs you?",
        "Contrôlez-vous, directement ou indirectement, l'entreprise qui vous emploie ?",
    ),
    "respected_conditions_of_stay": (
        "Have you always respected the conditions of your stay in Québec?",
        "Avez-vous toujours respecté les conditions de votre séjour au Québec ?",
    ),
    "self_sufficiency_undertaking": (
        "Will you sign the undertaking to meet your basic needs (financial self-sufficiency)?",
        "Signerez-vous l'engagement à subvenir à vos besoins essentiels (autonomie financière) ?",
    ),
    "commits_to_learn_french": (
        "Do you commit to learn French and to enrol in the francization service (Accompagnement Québec)?",
        "Vous engagez-vous à apprendre le français et à vous inscrire au service de francisation "
        "(Accompagnement Québec) ?",
    ),
    "expert_committee_opinion": (
        "Has the expert committee given an opinion on your file, and was it favourable?",
        "Le comité d'experts a-t-il donné un avis sur votre dossier, et était-il favorable ?",
    ),
    "french": (
        "What are your levels in oral French, comprehension and production (1 to 12 on the Échelle "
        "québécoise), and on what date were they assessed?",
        "Quels sont vos niveaux de français oral, en compréhension et en production (1 à 12 sur l'Échelle "
        "québécoise), et à quelle date ont-ils été évalués ?",
    ),
    "oral_comprehension": (
        "What is your level in oral comprehension of French (1 to 12 on the Échelle québécoise)?",
        "Quel est votre niveau de compréhension orale du français (1 à 12 sur l'Échelle québécoise) ?",
    ),
    "oral_production": (
        "What is your level in oral production of French (1 to 12 on the Échelle québécoise)?",
        "Quel est votre niveau de production orale du français (1 à 12 sur l'Échelle québécoise) ?",
    ),
    "assessed_on": (
        "On what date was your French assessed (a recognised test or studies in French)?",
        "À quelle date votre français a-t-il été évalué (test reconnu ou études en français) ?",
    ),
    "program_code": ("What is the program code of {diploma}?", "Quel est le code de programme de {diploma} ?"),
    "field": ("In which field is {diploma}?", "Dans quel domaine est {diploma} ?"),
    "in_quebec@diploma": (
        "Did you obtain {diploma} from a Québec institution?",
        "Avez-vous obtenu {diploma} d'un établissement québécois ?",
    ),
    "full_time_months": (
        "How many months of full-time study does the program of {diploma} take?",
        "Combien de mois d'études à temps plein le programme de {diploma} exige-t-il ?",
    ),
    "obtained_on": ("On what date did you obtain {diploma}?", "À quelle date avez-vous obtenu {diploma} ?"),
    "share_studied_in_quebec": (
        "What share of the program of {diploma} did you spend in Québec mainly to study?",
        "Quelle part du programme de {diploma} avez-vous passée au Québec principalement pour étudier ?",
    ),
    "noc": ("What is the occupation (NOC code) of {job}?", "Quelle est la profession (code CNP) de {job} ?"),
    "naics": (
        "In which industry (NAICS code) is {employer}?",
        "Dans quelle industrie (code SCIAN) est {employer} ?",
    ),
    "role": ("What exactly is your role in {job}?", "Quel est exactement votre rôle dans {job} ?"),
    "in_quebec": ("Is {job} in Québec?", "{Job} est-il au Québec ?"),
    "hours_per_week": (
        "How many paid hours a week does {job} give you?",
        "Combien d'heures rémunérées par semaine compte {job} ?",
    ),
    "paid": ("Is {job} paid?", "{Job} est-il rémunéré ?"),
    "authorized": (
        "Did you hold {job} with the authorisation required to work (a permit)?",
        "Avez-vous occupé {job} avec l'autorisation de travail requise (un permis) ?",
    ),
    "basic_personal_care": (
        "In {job}, did you give basic personal care to patients?",
        "Dans {job}, avez-vous donné des soins personnels de base à des patients ?",
    ),
    "annual_salary": ("What gross salary a year does {job} pay?", "Quel salaire brut par an {job} paie-t-il ?"),
    "employer_in_cmm": (
        "Is {employer} established in the Communauté métropolitaine de Montréal (CMM)?",
        "{Employer} est-il établi dans la Communauté métropolitaine de Montréal (CMM) ?",
    ),
    "sector": ("In which sector does {employer} work?", "Dans quel secteur travaille {employer} ?"),
}


def _record_words(path: tuple[str | int, ...], person: Applicant, lang: str) -> dict[str, str]:
    """How the prompt names the record a field belongs to (a job, the offer, a diploma)."""
    head = path[0]
    if head == "work_history":
        index = int(path[1])
        ep = person.work_history[index]
        held = pick(lang, f"since {ep.start}", f"depuis le {ep.start}")
        if ep.end is not None:
            held = pick(lang, f"{ep.start} to {ep.end}", f"du {ep.start} au {ep.end}")
        what = f"NOC {ep.noc}, {held}" if ep.noc else held
        what_fr = f"CNP {ep.noc}, {held}" if ep.noc else held
        job = pick(lang, f"job {index + 1} ({what})", f"l'emploi {index + 1} ({what_fr})")
        employer = pick(
            lang, f"your employer at job {index + 1} ({what})", f"l'employeur de l'emploi {index + 1} ({what_fr})"
        )
        return {"job": job, "employer": employer}
    if head == "job_offer":
        job = pick(lang, "your accepted job offer", "votre offre d'emploi acceptée")
        employer = pick(lang, "the employer of your accepted job offer", "l'employeur de votre offre d'emploi acceptée")
        return {"job": job, "employer": employer}
    if head == "diplomas":
        index = int(path[1])
        level = level_name(person.diplomas[index].level, lang)
        return {"diploma": pick(lang, f"your diploma {index + 1} ({level})", f"votre diplôme {index + 1} ({level})")}
    return {}


def prompt(path: tuple[str | int, ...], person: Applicant, lang: str) -> str:
    """The question to put to the client about the input at ``path``."""
    name = str(path[-1])
    key = f"{name}@diploma" if path[0] == "diplomas" and f"{name}@diploma" in PROMPTS else name
    if path[0] == "spouse" and len(path) > 1 and f"{name}@spouse" in PROMPTS:
        key = f"{name}@spouse"
    words = _record_words(path, person, lang)
    words.update({k.capitalize(): v[:1].upper() + v[1:] for k, v in words.items()})
    if key not in PROMPTS:
        return pick(
            lang,
            "Complete this part of the profile: it decides a verdict.",
            "Complétez cette partie du profil : elle décide d'un verdict.",
        )
    return pick(lang, *PROMPTS[key]).format(**words)


def _lower_first(text: str) -> str:
    """``text`` with a lower-case first letter, unless it starts a proper noun or an acronym."""
    if text[1:2].isupper() or text.split(" ", 1)[0].rstrip(",:") in ("French", "Québec", "Montréal"):
        return text
    return text[:1].lower() + text[1:]


def why(routes: dict[str, set[str]], rules: RuleBook, lang: str) -> str:
    """Which routes the answer decides and what their rules require."""
    names = [rules.routes[rid].spec.name.get(lang) for rid in routes]
    requirements: list[str] = []
    for rid, criteria in routes.items():
        route = rules.routes[rid]
        for cid in sorted(criteria):
            if cid not in route.by_id:  # the ranking score against the stream's latest cut-off
                target = latest_target(route.spec.ranking_stream or 0)[0]
                text = pick(
                    lang,
                    f"a ranking score of at least {target} to clear the latest invitation round.",
                    f"un pointage de classement d'au moins {target} pour franchir la dernière ronde d'invitations.",
                )
            else:
                text = _lower_first(route.by_id[cid].description(lang).strip())
            if text not in requirements:
                requirements.append(text)
    rules_text = " ".join(requirements)
    if len(names) == 1:
        return pick(
            lang,
            f"It decides the route {names[0]}, which requires: {rules_text}",
            f"La réponse tranche la voie {names[0]}, qui exige : {rules_text}",
        )
    listed = "; ".join(names)
    return pick(
        lang,
        f"It decides {len(names)} routes ({listed}), which require: {rules_text}",
        f"La réponse tranche {len(names)} voies ({listed}), qui exigent : {rules_text}",
    )


def question_data(
    path: tuple[str | int, ...], routes: dict[str, set[str]], person: Applicant, rules: RuleBook, lang: str
) -> dict[str, Any]:
    """A ``Question`` as plain data."""
    criteria = list(dict.fromkeys(cid for rid in routes for cid in sorted(routes[rid])))
    return {
        "field": ".".join(str(p) for p in path),
        "routes": list(routes),
        "criteria": criteria,
        "prompt": prompt(path, person, lang),
        "why": why(routes, rules, lang),
    }
