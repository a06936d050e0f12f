"""French wording of every refusal the service can answer with (422, 413).

A refusal carries a stable ``type`` (pydantic's own error types, the project's custom ones,
``invalid_input`` for the engine's checks) and the context pydantic gives it (bounds, the
expected values...). :func:`french` words it in French from those; the English message is
pydantic's or the raiser's own. An engine reason with no French wording here keeps its
English text after a French lead-in, so that nothing is silently lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

#: French templates by error type; ``{name}`` takes the error context's value of that name.
_BY_TYPE: dict[str, str] = {
    # pydantic's own types
    "missing": "Champ obligatoire",
    "extra_forbidden": "Champ inconnu : ce champ n'est pas permis ici",
    "int_type": "La valeur doit être un nombre entier",
    "int_parsing": "La valeur doit être un nombre entier",
    "int_from_float": "La valeur doit être un nombre entier, sans partie décimale",
    "float_type": "La valeur doit être un nombre",
    "float_parsing": "La valeur doit être un nombre",
    "finite_number": "La valeur doit être un nombre fini",
    "bool_type": "La valeur doit être un booléen (true ou false)",
    "bool_parsing": "La valeur doit être un booléen (true ou false)",
    "string_type": "La valeur doit être une chaîne de caractères",
    "string_too_short": "La chaîne doit comporter au moins {min_length} caractère(s)",
    "string_too_long": "La chaîne doit comporter au plus {max_length} caractère(s)",
    "string_pattern_mismatch": "La chaîne doit correspondre au motif {pattern}",
    "too_short": "La valeur doit comporter au moins {min_length} élément(s)",
    "too_long": "La valeur doit comporter au plus {max_length} élément(s)",
    "greater_than": "La valeur doit être supérieure à {gt}",
    "greater_than_equal": "La valeur doit être supérieure ou égale à {ge}",
    "less_than": "La valeur doit être inférieure à {lt}",
    "less_than_equal": "La valeur doit être inférieure ou égale à {le}",
    "multiple_of": "La valeur doit être un multiple de {multiple_of}",
    "literal_error": "La valeur doit être {expected}",
    "enum": "La valeur doit être {expected}",
    "list_type": "La valeur doit être une liste",
    "dict_type": "La valeur doit être un objet JSON",
    "model_type": "La valeur doit être un objet JSON",
    "model_attributes_type": "La valeur doit être un objet JSON",
    "none_required": "La valeur doit être null",
    "json_type": "La valeur doit être du texte JSON",
    "union_tag_invalid": "La valeur doit être l'une de : {expected_tags}",
    "union_tag_not_found": "Champ obligatoire",
    "date_from_datetime_parsing": "La valeur doit être une date AAAA-MM-JJ",
    "date_parsing": "La valeur doit être une date AAAA-MM-JJ",
    # the project's own types (solver.applicant, solver.requests)
    "date_type": "Une date s'écrit AAAA-MM-JJ (une chaîne), pas un nombre ni une date-heure",
    "date_format": "Une date s'écrit AAAA-MM-JJ",
    "date_invalid": "La valeur doit être une date valide : ce jour n'existe pas dans le calendrier",
    "date_out_of_range": "La date {date} est hors de la plage prise en charge, du {earliest} au {latest}",
    "control_characters": "Les caractères de contrôle (un saut de ligne, par exemple) ne sont pas permis",
    "noc_format": "Un code CNP compte 4 chiffres (CNP 2016) ou 5 chiffres (CNP 2021)",
    "naics_format": "Un code SCIAN compte de 2 à 6 chiffres",
    "birth_after_application": "La date de naissance est postérieure à la date de la demande",
    "plan_past_supported_range": (
        "Un plan qui commence le {start} sur {months} mois dépasserait le {latest}, dernière date prise en charge"
    ),
    "body_too_large": "Le corps de la requête dépasse la limite de {limit} octets",
    "json_invalid": "Le corps n'est pas du JSON valide",
}

#: French wording of known English reasons (value errors and the engine's ``InvalidInput``).
_BY_REASON: dict[str, str] = {
    "the episode ends before it starts": "l'épisode se termine avant de commencer",
    "the birth date is after the application date": "la date de naissance est postérieure à la date de la demande",
    "a key is given twice in one object": "une clé figure deux fois dans un même objet",
    "the JSON is nested too deeply": "le JSON est trop imbriqué",
    "the body is not UTF-8 text": "le corps n'est pas du texte UTF-8",
    "an integer with too many digits": "un entier a trop de chiffres",
    "give at least one change": "donnez au moins un changement",
    "must be 'earliest' or 'least_effort'": "doit valoir 'earliest' ou 'least_effort'",
    "must be a whole number of months": "doit être un nombre entier de mois",
    "must be from 1 to 10": "doit être compris entre 1 et 10",
    "must be positive": "doit être positif",
    "must be 'en' or 'fr'": "doit valoir 'en' ou 'fr'",
    "must be a number from 0 to 10000": "doit être un nombre de 0 à 10000",
    "months must be a whole number from 0 to 120": "les mois sont un nombre entier de 0 à 120",
    "cannot wait until a date before the application date": (
        "impossible d'attendre jusqu'à une date antérieure à la date de la demande"
    ),
    "no job held on that date and no accepted offer to raise the salary of": (
        "aucun emploi occupé à cette date ni offre acceptée dont hausser le salaire"
    ),
}

#: Reasons with a variable part: (English pattern, French template using its groups).
_BY_PATTERN: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^must be at most (\d+) months \(this service's horizon cap\)$"),
        r"au plus \1 mois (plafond du service)",
    ),
    (re.compile(r"^must be from 0 to (\d+)$"), r"doit être compris entre 0 et \1"),
    (re.compile(r"^unknown cost family; known: (.*)$"), r"famille de coûts inconnue ; connues : \1"),
    (re.compile(r"^unknown cost figure; known: (.*)$"), r"élément de coût inconnu ; connus : \1"),
    (re.compile(r"^unknown assumption; known: (.*)$"), r"hypothèse inconnue ; connues : \1"),
    (
        re.compile(r"^the date (\S+) is outside the supported range (\S+) to (\S+)$"),
        r"la date \1 est hors de la plage prise en charge, du \2 au \3",
    ),
)


def _fill(template: str, ctx: Mapping[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        found = ctx.get(match.group(1))
        if found is None:
            return match.group(0)
        text = str(found)
        if match.group(1) == "expected":
            text = text.replace(" or ", " ou ")
        return text

    return re.sub(r"\{([a-z_]+)\}", value, template)


def french_reason(english: str) -> str | None:
    """The French wording of a known English reason, else ``None``.

    >>> french_reason("the episode ends before it starts")
    "l'épisode se termine avant de commencer"
    """
    if english in _BY_REASON:
        return _BY_REASON[english]
    for pattern, template in _BY_PATTERN:
        if pattern.match(english):
            return pattern.sub(template, english)
    return None


def french(kind: str, ctx: Mapping[str, Any] | None, english: str) -> str:
    """The French message of an error of type ``kind`` whose English message is ``english``.

    >>> french("less_than_equal", {"le": 12}, "Input should be less than or equal to 12")
    'La valeur doit être inférieure ou égale à 12'
    >>> french("literal_error", {"expected": "'en' or 'fr'"}, "Input should be 'en' or 'fr'")
    "La valeur doit être 'en' ou 'fr'"
    """
    context = dict(ctx or {})
    if kind in _BY_TYPE:
        return _fill(_BY_TYPE[kind], context)
    known = french_reason(english)
    if known is not None:
        return known
    return f"Valeur refusée : {english}"
