"""French inputs: dates, months, periods, decimal comma, e-mail and telephone, and the screens that use them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from vae_toolkit.journey.inputs import (
    check_email,
    check_period,
    format_date,
    format_decimal,
    last_day,
    month_like,
    parse_date,
    parse_decimal,
    parse_month,
    parse_phone,
    parse_year,
)
from vae_toolkit.storage.dossier import dossier_file
from vae_toolkit.ui.accueil_view import accueil_screen
from vae_toolkit.ui.bloc_view import bloc_screen
from vae_toolkit.ui.parcours_view import parcours_screen

TODAY = dt.date(2026, 11, 1)


@pytest.mark.parametrize(("text", "expected"), [
    ("15/09/2019", dt.date(2019, 9, 15)), ("1/9/2019", dt.date(2019, 9, 1)), ("15.09.2019", dt.date(2019, 9, 15)),
    ("15-09-2019", dt.date(2019, 9, 15)), ("15092019", dt.date(2019, 9, 15)), ("2019-09-15", dt.date(2019, 9, 15)),
    (" 29/02/2020 ", dt.date(2020, 2, 29)), ("01/11/2026", TODAY),
])
def test_french_dates_are_read(text: str, expected: dt.date) -> None:
    assert parse_date(text, today=TODAY) == (expected, None)


@pytest.mark.parametrize(("text", "message"), [
    ("31022020", "«\u00a031022020\u00a0» n’existe pas : février 2020 compte 29 jours."),
    ("30/02/2020", "«\u00a030/02/2020\u00a0» n’existe pas : février 2020 compte 29 jours."),
    ("29/02/2019", "février 2019 compte 28 jours"),
    ("12/13/2020", "le mois doit être entre 01 et 12"),
    ("10/03/2202", "est dans le futur"),
    ("02/11/2026", "est dans le futur : indiquez une date passée (au plus tard le 01/11/2026)"),
    ("15/09/19", "n’est pas une date : écrivez jour/mois/année"),
    ("hier", "n’est pas une date"),
    ("01/01/1850", "postérieure à 1900"),
    ("", "Indiquez une date"),
])
def test_impossible_or_future_dates_are_refused_in_french(text: str, message: str) -> None:
    value, error = parse_date(text, today=TODAY)
    assert value is None and error is not None and message in error


def test_an_optional_date_may_be_blank_and_dates_print_the_french_way() -> None:
    assert parse_date("  ", today=TODAY, required=False) == (None, None)
    assert format_date(dt.date(2019, 9, 1)) == "01/09/2019" and format_date(None) == ""


def test_months_when_the_day_is_unknown() -> None:
    for text in ("09/2019", "9/2019", "092019", "septembre 2019", "Septembre 2019"):
        assert parse_month(text, today=TODAY) == (dt.date(2019, 9, 1), None), text
    assert parse_month("11/2026", today=TODAY) == (dt.date(2026, 11, 1), None)
    assert "futur" in parse_month("12/2026", today=TODAY)[1]
    assert "entre 01 et 12" in parse_month("13/2020", today=TODAY)[1]
    assert "n’est pas un mois" in parse_month("2020", today=TODAY)[1]
    assert month_like("09/2019") and month_like(" septembre 2019") and not month_like("15/09/2019")
    assert last_day(dt.date(2020, 2, 1)) == dt.date(2020, 2, 29)


def test_a_situation_period_stays_free_text_but_its_dates_are_checked() -> None:
    for ok in ("printemps 2023", "09/2019 – 06/2020", "septembre 2022 – juin 2023", "depuis septembre 2024", "",
               "2017 – 2019", "novembre 2026"):
        assert check_period(ok, today=TODAY) is None, ok
    assert "entre 01 et 12" in check_period("13/2019", today=TODAY)
    assert "dans le futur" in check_period("03/2030", today=TODAY)
    assert "dans le futur" in check_period("décembre 2026", today=TODAY)
    assert "précède son début" in check_period("06/2020 – 09/2019", today=TODAY)


def test_decimal_comma_and_percentages() -> None:
    assert parse_decimal("0,2") == (0.2, None)
    assert parse_decimal("0.2") == (0.2, None)
    assert parse_decimal("80 %") == (0.8, None)
    assert parse_decimal("1 200,5") == (1200.5, None)
    assert parse_decimal("") == (None, None)
    assert "n’est pas un nombre" in parse_decimal("0,2,3")[1]
    assert format_decimal(0.2) == "0,2" and format_decimal(1.0) == "1" and format_decimal(None) == ""


def test_years() -> None:
    assert parse_year("2011", today=TODAY) == (2011, None)
    assert parse_year("", today=TODAY) == (None, None)
    assert "quatre chiffres" in parse_year("11", today=TODAY)[1]
    assert "futur" in parse_year("2027", today=TODAY)[1]


def test_email_and_telephone() -> None:
    assert check_email("sebastien.lefevre@exemple.fr") is None
    for bad in ("sebastien.lefevre@", "sebastien", "a@b", "a b@c.fr", "@exemple.fr"):
        assert "n’est pas une adresse électronique complète" in check_email(bad), bad
    assert parse_phone("0612345678") == ("06 12 34 56 78", None)
    assert parse_phone("06.12.34.56.78") == ("06 12 34 56 78", None)
    assert parse_phone("+33 6 12 34 56 78") == ("+33 6 12 34 56 78", None)
    assert parse_phone("+41 21 123 45 67") == ("+41 21 123 45 67", None)
    for bad in ("061234567", "12345", "06 12 34 56 7x"):
        assert "n’est pas un numéro de téléphone" in parse_phone(bad)[1], bad


# --- on the screens ---------------------------------------------------------------------------------------------

def on_disk(folder: Path) -> dict:
    return yaml.safe_load(dossier_file(folder).read_text(encoding="utf-8"))


def test_an_impossible_date_is_refused_next_to_the_field_and_a_decimal_comma_is_saved(new_folder: Path) -> None:
    page = parcours_screen(new_folder, delay=0, environ={}).children[0]
    view = page.body.children[0]
    view.add_experience.click()
    view.add_experience.click()  # a double click
    assert len(on_disk(new_folder)["experiences"]) == 1
    ed = view.editors["experiences"].children[0]
    ed.debut.value = "15/09/2015"
    for typed in ("31022020", "30/02/2020"):
        ed.fin.value = typed
        assert "n’existe pas : février 2020 compte 29 jours" in ed.errors["fin"].value
        assert on_disk(new_folder)["experiences"][0]["fin"] is None
    ed.fin.value = "31/01/2020"
    assert ed.errors["fin"].value == "" and on_disk(new_folder)["experiences"][0]["fin"] == dt.date(2020, 1, 31)
    ed.quotite.value = "0,2"
    assert on_disk(new_folder)["experiences"][0]["quotite"] == 0.2
    ed.debut.value, ed.fin.value = "09/2015", "février 2020"  # the day is not known
    assert on_disk(new_folder)["experiences"][0]["debut"] == dt.date(2015, 9, 1)
    assert on_disk(new_folder)["experiences"][0]["fin"] == dt.date(2020, 2, 29)
    ed.fin.value = "13/2020"
    assert "le mois doit être entre 01 et 12" in ed.errors["fin"].value
    assert page.feedback.label.value == ""


def test_email_and_phone_are_checked_on_the_welcome_page(new_folder: Path) -> None:
    view = accueil_screen(new_folder, delay=0, environ={}).children[0].body.children[0]
    view.fields["email"].value = "sebastien.lefevre@"
    assert "n’est pas une adresse électronique complète" in view.errors["email"].value
    assert on_disk(new_folder)["profil"]["email"] is None
    view.fields["telephone"].value = "0612345678"
    assert on_disk(new_folder)["profil"]["telephone"] == "06 12 34 56 78"


def test_a_double_click_on_new_situation_creates_one(new_folder: Path, ref) -> None:  # noqa: ANN001
    view = bloc_screen(new_folder, bloc=ref.blocs[1].id, delay=0, today=TODAY, environ={}).children[0].body.children[0]
    panel = view.panel.children[0]
    panel.new_situation.click()
    panel.new_situation.click()
    assert len(on_disk(new_folder)["situations"]) == 1
    editor = panel.editor.children[0]
    editor.parts["contexte"].value = "Un vrai début."
    panel.new_situation.click()
    assert len(on_disk(new_folder)["situations"]) == 2
    editor = panel.editor.children[0]
    editor.periode.value = "13/2020"
    assert "entre 01 et 12" in editor.errors["periode"].value and on_disk(new_folder)["situations"][1]["periode"] == ""
