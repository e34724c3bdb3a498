"""The English spoken form: hotlines and phone numbers digit by digit, the rest left to
the engines (which read English numbers well)."""

from __future__ import annotations

import pytest

from studio.speech.normalize import normalize


@pytest.mark.parametrize("written, spoken", [
    ("Call 113 for the police, 114 for fire and 115 for an ambulance.",
     "Call one one three for the police, one one four for fire and one one five for an "
     "ambulance."),
    ("Police 113, Fire 114, Ambulance 115.",
     "Police one one three, Fire one one four, Ambulance one one five."),
    ("Emergency number: 112", "Emergency number: one one two"),
    ("Dial 1022 for public services.", "Dial one zero two two for public services."),
    ("Child protection hotline 111 is free.", "Child protection hotline one one one is free."),
    ("Hotline: 0912 345 678", "Hotline: zero nine one two three four five six seven eight"),
    ("Tel: +84 205 3812 345",
     "telephone: plus eight four two zero five three eight one two three four five"),
    ("Call us on 0205.3812.345 or 1900 9095.",
     "Call us on zero two zero five three eight one two three four five or one nine zero zero "
     "nine zero nine five."),
])
def test_english_hotlines_are_read_digit_by_digit(written, spoken):
    assert normalize(written, "en") == spoken


@pytest.mark.parametrize("written", ["The district has 113 households.",
                                     "In 2024, 1022 people took part.",
                                     "Call 3 neighbours before you leave."])
def test_english_counts_stay_numbers(written):
    assert normalize(written, "en") == written
