"""Small formatting helpers for bilingual explanations."""

from __future__ import annotations

from datetime import date


def pick(lang: str, en: str, fr: str) -> str:
    """The French text when ``lang`` is ``fr``, else the English one."""
    return fr if lang == "fr" else en


def money(amount: float, lang: str) -> str:
    """Canadian dollars, written the way each language writes them.

    >>> money(100000, "en"), money(100000, "fr")
    ('$100,000', '100\\xa0000\\xa0$')
    """
    whole = f"{round(amount):,}"
    if lang == "fr":
        return whole.replace(",", "\u00a0") + "\u00a0$"
    return f"${whole}"


def months_text(months: float, lang: str = "en") -> str:
    """Months rounded down to one decimal, so that 23.98 never reads as a sufficient 24.0; French
    writes the decimal with a comma.

    >>> months_text(23.98), months_text(24.0), months_text(12.34), months_text(11.15, "fr")
    ('23.9', '24', '12.3', '11,1')
    """
    tenths = int(months * 10 + 1e-9)
    text = str(tenths // 10) if tenths % 10 == 0 else f"{tenths / 10:.1f}"
    return text.replace(".", ",") if lang == "fr" else text


def day(value: date | None) -> str:
    return value.isoformat() if value else "?"


_AGAINST = {
    "met": ("it meets the requirement", "il respecte l'exigence"),
    "not_met": ("it does not meet the requirement", "il ne respecte pas l'exigence"),
    "unknown": (
        "missing data: it cannot be checked against the requirement",
        "données manquantes : impossible de dire s'il respecte l'exigence",
    ),
}


def against_requirement(verdict: str, lang: str) -> str:
    """How a described item compares with a requirement, by verdict.

    >>> against_requirement("unknown", "fr")
    "données manquantes : impossible de dire s'il respecte l'exigence"
    """
    en, fr = _AGAINST[verdict]
    return pick(lang, en, fr)


#: Words for the free tags the rules and plans use (sector, role, field); other tags are read
#: with their underscores as spaces.
_TAGS: dict[str, tuple[str, str]] = {
    "ai": ("AI", "IA"),
    "it": ("IT", "TI"),
    "health": ("health", "santé"),
    "food": ("food", "alimentation"),
    "food_processing": ("food processing", "transformation alimentaire"),
    "orderly": ("orderly care", "préposé aux bénéficiaires"),
    "chicken_catcher": ("chicken catcher", "attrapeur de poulets"),
    "computer_science": ("computer science", "informatique"),
    "artificial_intelligence": ("artificial intelligence", "intelligence artificielle"),
    "other": ("other", "autre"),
}


def tag_text(tag: str, lang: str) -> str:
    """A free tag in words.

    >>> tag_text("computer_science", "fr"), tag_text("visual_effects", "en")
    ('informatique', 'visual effects')
    """
    key = tag.strip().lower()
    if key in _TAGS:
        return pick(lang, *_TAGS[key])
    return key.replace("_", " ")


def job_name(target: str | None, lang: str) -> str:
    """A job a change applies to, as a person names it: ``episode:0`` is job 1.

    >>> job_name("episode:0", "en"), job_name("offer", "fr")
    ('job 1', "votre offre d'emploi acceptée")
    """
    if target and target.startswith("episode:"):
        n = int(target.split(":", 1)[1]) + 1
        return pick(lang, f"job {n}", f"l'emploi {n}")
    if target == "offer":
        return pick(lang, "your accepted job offer", "votre offre d'emploi acceptée")
    return pick(lang, "your job", "votre emploi")


#: What to do so that a declared fact takes a value, as advice (field, value) -> (en, fr).
_FACT_ADVICE: dict[tuple[str, object], tuple[str, str]] = {
    ("exceptional_talent.partner_opinion", "favourable"): (
        "Apply for the opinion of a designated partner (CALQ for arts and culture, FRQ for research, INS Québec "
        "for sport) and obtain a favourable one.",
        "Demander l'avis d'un partenaire désigné (CALQ pour les arts et la culture, FRQ pour la recherche, INS "
        "Québec pour le sport) et obtenir un avis favorable.",
    ),
    ("intends_to_settle_in_quebec", True): (
        "Confirm that you intend to settle in Québec to hold a job.",
        "Confirmer votre intention de vous établir au Québec pour y occuper un emploi.",
    ),
    ("self_sufficiency_undertaking", True): (
        "Sign the undertaking to meet your basic needs for 3 months after you become a permanent resident.",
        "Signer l'engagement à subvenir à vos besoins essentiels pendant 3 mois après l'obtention de la "
        "résidence permanente.",
    ),
    ("commits_to_learn_french", True): (
        "Commit to learn French and enrol in the francization service (Accompagnement Québec).",
        "Vous engager à apprendre le français et vous inscrire au service de francisation (Accompagnement Québec).",
    ),
    ("controls_employer", False): (
        "Work for an enterprise that you do not control, directly or indirectly.",
        "Travailler pour une entreprise que vous ne contrôlez pas, directement ou indirectement.",
    ),
    ("expert_committee_opinion", "favourable"): (
        "Obtain a favourable opinion from the expert committee.",
        "Obtenir un avis favorable du comité d'experts.",
    ),
    ("respected_conditions_of_stay", True): (
        "Confirm that you have respected the conditions of your stay.",
        "Confirmer que vous avez respecté les conditions de votre séjour.",
    ),
    ("status_in_quebec", "worker"): (
        "Stay in Québec mainly to work, with a work permit.",
        "Séjourner au Québec principalement pour y travailler, avec un permis de travail.",
    ),
    ("status_in_quebec", "youth_exchange"): (
        "Stay in Québec in a youth exchange program.",
        "Séjourner au Québec dans le cadre d'un programme d'échange jeunesse.",
    ),
    ("status_in_quebec", "spouse_open_work_permit"): (
        "Stay in Québec with an open work permit as the spouse of a worker or student.",
        "Séjourner au Québec avec un permis de travail ouvert de conjoint d'un travailleur ou d'un étudiant.",
    ),
}


def fact_advice(field: str, value: object, lang: str) -> str:
    """The advice that makes a declared fact of the profile take ``value``.

    >>> fact_advice("expert_committee_opinion", "favourable", "en")
    'Obtain a favourable opinion from the expert committee.'
    """
    advice = _FACT_ADVICE.get((field, value))
    if advice is not None:
        return pick(lang, *advice)
    words = field.replace("_", " ")
    wanted = pick(lang, "yes", "oui") if value is True else pick(lang, "no", "non") if value is False else str(value)
    wanted = wanted.replace("_", " ")
    return pick(lang, f"Make sure that {words}: {wanted}.", f"Faire en sorte que {words} : {wanted}.")
