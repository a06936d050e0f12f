"""Invalid profiles are refused with the field and the reason; nothing is guessed."""

from __future__ import annotations

from typing import Any

import pytest
from profiles import eligible_for
from pydantic import ValidationError

from solver import Applicant, InvalidInput, evaluate


def _error(profile: dict[str, Any]) -> tuple[str, str]:
    with pytest.raises(ValidationError) as info:
        Applicant.model_validate(profile)
    first = info.value.errors()[0]
    return ".".join(str(p) for p in first["loc"]), first["msg"]


@pytest.mark.parametrize(
    ("edit", "where", "reason"),
    [
        (lambda p: p.update(birth_date="1990-02-30"), "birth_date", "date"),
        (lambda p: p["french"].update(oral_production=13), "french.oral_production", "less than or equal to 12"),
        (lambda p: p["french"].update(oral_comprehension=0), "french.oral_comprehension", "greater than or equal"),
        (lambda p: p["work_history"][0].update(noc="951"), "work_history.0.noc", "4 digits"),
        (lambda p: p["work_history"][0].update(noc="95106A"), "work_history.0.noc", "4 digits"),
        (lambda p: p["work_history"][0].update(naics="3116155"), "work_history.0.naics", "2 to 6 digits"),
        (lambda p: p["work_history"][0].update(end="2021-08-31"), "work_history.0", "ends before it starts"),
        (lambda p: p.update(favourite_colour="blue"), "favourite_colour", "Extra inputs"),
        (lambda p: p["work_history"][0].update(hours_per_week=-1), "work_history.0.hours_per_week", "greater"),
        (lambda p: p.update(status_in_quebec="tourist"), "status_in_quebec", "Input should be"),
        (lambda p: p["diplomas"][0].update(level="phd"), "diplomas.0.level", "Input should be"),
        (
            lambda p: p["diplomas"][0].update(share_studied_in_quebec=1.5),
            "diplomas.0.share_studied_in_quebec",
            "less than or equal to 1",
        ),
    ],
)
def test_invalid_profile_names_field_and_reason(edit: Any, where: str, reason: str) -> None:
    profile = eligible_for("food-processing")
    edit(profile)
    loc, msg = _error(profile)
    assert loc == where
    assert reason in msg


def test_birth_date_after_application_date_is_refused() -> None:
    profile = eligible_for("food-processing")
    profile["birth_date"] = "2024-07-01"
    with pytest.raises(InvalidInput) as info:
        evaluate(profile, "2024-06-03")
    assert info.value.field == "applicant.birth_date"


def test_unknown_route_id_is_refused() -> None:
    with pytest.raises(InvalidInput) as info:
        evaluate(eligible_for("food-processing"), "2024-06-03", routes=["food"])
    assert info.value.field == "routes"


def test_null_stays_unknown_after_a_round_trip() -> None:
    applicant = Applicant.model_validate({"french": {"oral_comprehension": 7}})
    dumped = applicant.model_dump(mode="json")
    assert dumped["french"]["oral_production"] is None
    assert dumped["controls_employer"] is None
