"""Thresholds and amounts stated in provision text, normalised so that documents can be compared.

Analysts ask "whose compute threshold is lower?" and "how long does each regime give to report an
incident?".  The answers hide in numbers written many ways: ``10^26`` (or ``10<sup>26</sup>``, or
``1025`` where a PDF lost the superscript of 10²⁵), ``three times 10^25``, ``$100,000,000``,
``EUR 35 000 000``, ``7 %``, ``72 hours``, ``not later than two days``.  ``find_quantities``
reads them into ``Quantity`` records that keep the words as written (for the citation) and a
value in one base unit per kind (for the comparison).

Kinds and their base units:

=====================  ==============  ==================================================
kind                   unit            example
=====================  ==============  ==================================================
``training_compute``   ``operations``  10^26 integer or floating-point operations
``compute_capacity``   ``operations/s`` 10^20 integer or floating-point operations per second
``network_bandwidth``  ``bit/s``       over 100 Gbit/s
``money``              ``EUR``/``USD`` EUR 35 000 000; $100,000,000 (``purpose``: fine, cost, damage)
``turnover_share``     ``%``           7 % of its total worldwide annual turnover
``percentage``         ``%``           10 percent of the cost of the computing power
``time_limit``         ``day``         within 72 hours; not later than 15 days after …
``period``             ``day``         for a period of 10 years (retention and other durations)
=====================  ==============  ==================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}


def word_number(text: str) -> int | None:
    """The whole number written in figures or words: "30", "thirty", "twenty-four", "seventy two",
    "one hundred and eighty"; None for anything else."""
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    total = current = 0
    for word in re.split(r"[\s-]+", text):
        if word == "and":
            continue
        if word == "hundred" and current:
            current *= 100
        elif word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
        else:
            return None
    total += current
    return total or None
DAYS_PER_UNIT = {"hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.0, "year": 365.0}
SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}

# Comparators as written before a figure, longest first so that "equal to or greater than" wins.
QUALIFIERS = ("equal to or greater than", "not later than", "no later than", "not exceeding",
              "no more than", "not more than", "greater than", "more than", "less than",
              "at the latest", "at least", "exceeds", "exceeding", "up to", "within", "over",
              "below", "above")
TIME_LIMIT_QUALIFIERS = {"within", "not later than", "no later than", "at the latest", "no more than",
                         "not more than"}

_NUM = r"\d+(?:\.\d+)?"
_WORD_NUM = "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True))
_OPERATIONS = r"(?:(?:integer|floating[- ]point)(?: or (?:integer|floating[- ]point))? operations|flops?\b|operations)"
_PER_SECOND = r"\s*(?:per second|/\s?s\b)"

POWER_OF_TEN = re.compile(
    r"(?:(?P<factor>" + _NUM + "|" + _WORD_NUM + r")\s+times\s+)?"
    r"10\s*(?:\^|\*\*|<sup>)\s*(?P<exp>\d{1,2})(?:</sup>)?", re.I)
# A PDF that drops superscripts prints 10^25 as "1025": read it so only next to "operations".
LOST_SUPERSCRIPT = re.compile(r"(?<![\d/.,])10(?P<exp>[1-3]\d)(?![\d/])")
OPERATIONS_AFTER = re.compile(r"\s*" + _OPERATIONS + "(?P<rate>" + _PER_SECOND + ")?", re.I)
OPERATIONS_BEFORE = re.compile(r"(?:measured in|in)\s+" + _OPERATIONS + r"\s+(?:is\s+)?(?:[a-z ]{0,40})$", re.I)
MONEY = re.compile(
    r"(?P<cur>EUR|€|USD|US\$|\$)\s?(?P<amount>\d{1,3}(?:[ ,\u00a0]\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>thousand|million|billion)\b)?", re.I)
PERCENT = re.compile(r"(?P<num>" + _NUM + r"|" + _WORD_NUM + r")\s*(?:%|per ?cent\b)", re.I)
DURATION = re.compile(
    r"(?<![\w-])(?P<num>" + _NUM + "|" + _WORD_NUM + r")(?:\s+|-)(?P<count>calendar\s+|working\s+|business\s+)?"
    r"(?P<unit>hour|day|week|month|year)s?\b", re.I)
BANDWIDTH = re.compile(
    r"(?P<num>" + _NUM + r")\s*(?P<unit>gbit/s|gbps|gig\s?abits?\s+per\s+second|gigabits?\s+per\s+second|"
    r"tbit/s|terabits?\s+per\s+second)", re.I)
ROUNDING_STEP = re.compile(r"nearest\s+[\w\s-]{0,40}\(?\s*$", re.I)


@dataclass(frozen=True)
class Quantity:
    """A figure stated in a provision: what it measures, its normalised value, and the words.

    ``value`` is in ``unit`` (see the module table) so that two quantities of the same ``kind``
    and unit compare directly; ``text`` is the figure as written and ``start``/``end`` its span in
    the provision text, for highlighting.  ``qualifier`` is the comparator printed before it
    ("greater than", "up to", "within") and ``purpose`` what an amount of money is (fine, cost,
    damage).
    """

    kind: str
    value: float
    unit: str
    text: str
    start: int
    end: int
    qualifier: str = ""
    purpose: str = ""

    @property
    def label(self) -> str:
        """The normalised value for a table: "10^26 operations", "EUR 35,000,000", "15 days"."""
        if self.unit in ("operations", "operations/s", "bit/s") and self.value >= 1e6:
            mantissa, exponent = f"{self.value:e}".split("e")
            head = "" if float(mantissa) == 1 else f"{float(mantissa):g} × "
            return f"{head}10^{int(exponent)} {self.unit}"
        if self.unit in ("EUR", "USD"):
            return f"{self.unit} {self.value:,.0f}"
        if self.unit == "%":
            return f"{self.value:g} %"
        if self.unit == "day":
            return _duration_label(self.text) or f"{self.value:g} day" + ("" if self.value == 1 else "s")
        return f"{self.value:g} {self.unit}"


def _duration_label(text: str) -> str:
    """A duration in the unit the text uses, in figures: "15 working days", "4 years", "72 hours"
    (its ``value`` in days is for comparison; "1460 days" is not how anyone writes four years)."""
    match = DURATION.search(text)
    if not match:
        return ""
    number = _number(match["num"])
    count = " ".join((match["count"] or "").split())
    unit = match["unit"].lower() + ("" if number == 1 else "s")
    return " ".join(x for x in (f"{number:g}", count, unit) if x)


def find_quantities(text: str) -> list[Quantity]:
    """Every recognised quantity in ``text``, in reading order, without overlaps."""
    found = (_compute(text) + _bandwidth(text) + _money(text) + _percentages(text)
             + _durations(text))
    found.sort(key=lambda q: (q.start, -(q.end - q.start)))
    kept: list[Quantity] = []
    for quantity in found:
        if kept and quantity.start < kept[-1].end:
            continue
        kept.append(quantity)
    return kept


def _number(token: str) -> float:
    token = token.lower()
    return float(NUMBER_WORDS[token]) if token in NUMBER_WORDS else float(token)


def _qualifier(text: str, start: int) -> str:
    before = text[max(0, start - 40):start].lower().rstrip(" (")
    before = re.sub(r"\s+", " ", before)
    for qualifier in QUALIFIERS:
        if re.search(r"\b" + re.escape(qualifier) + r"(?: the)?$", before):
            return qualifier
    return ""


def _compute(text: str) -> list[Quantity]:
    if "10" not in text:  # every form below writes a power of ten; most provisions have none
        return []
    found = []
    candidates = [(m, _power_of_ten(_number(m["factor"]) if m["factor"] else 1.0, m["exp"]))
                  for m in POWER_OF_TEN.finditer(text)]
    candidates += [(m, _power_of_ten(1.0, m["exp"])) for m in LOST_SUPERSCRIPT.finditer(text)]
    for match, value in candidates:
        after = OPERATIONS_AFTER.match(text, match.end())
        lost = match.re is LOST_SUPERSCRIPT
        if after:
            rate, end = bool(after["rate"]), after.end()
        elif OPERATIONS_BEFORE.search(text[max(0, match.start() - 120):match.start()]):
            rate, end = False, match.end()
        else:
            continue
        if lost and not after and not text[match.end():match.end() + 1] in ("", ".", ",", ";", " "):
            continue
        found.append(Quantity(
            kind="compute_capacity" if rate else "training_compute", value=value,
            unit="operations/s" if rate else "operations", text=text[match.start():end],
            start=match.start(), end=end, qualifier=_qualifier(text, match.start())))
    return found


def _power_of_ten(factor: float, exponent: str) -> float:
    """``factor`` × 10^``exponent`` without binary rounding (10.0 ** 23 is not 1e23)."""
    return float(f"{factor:g}e{int(exponent)}")


def _bandwidth(text: str) -> list[Quantity]:
    found = []
    for match in BANDWIDTH.finditer(text):
        scale = 1e12 if match["unit"].lower().startswith("t") else 1e9
        found.append(Quantity(
            kind="network_bandwidth", value=_number(match["num"]) * scale, unit="bit/s",
            text=match[0], start=match.start(), end=match.end(),
            qualifier=_qualifier(text, match.start())))
    return found


def _money(text: str) -> list[Quantity]:
    found = []
    for match in MONEY.finditer(text):
        if ROUNDING_STEP.search(text[max(0, match.start() - 60):match.start()]):
            continue
        amount = float(re.sub(r"[ ,\u00a0]", "", match["amount"]))
        if match["scale"]:
            amount *= SCALE_WORDS[match["scale"].lower()]
        currency = "EUR" if match["cur"].upper() in ("EUR", "€") else "USD"
        found.append(Quantity(
            kind="money", value=amount, unit=currency, text=match[0].strip(), start=match.start(),
            end=match.start() + len(match[0].rstrip()), qualifier=_qualifier(text, match.start()),
            purpose=_money_purpose(text, match.start(), match.end())))
    return found


def _money_purpose(text: str, start: int, end: int) -> str:
    sentence_before = re.split(r"[.;:]\s", text[:start])[-1].lower()
    after = text[end:end + 80].lower()
    if re.search(r"\b(?:fines?|penalt\w*|sanctions?)\b(?!-)", sentence_before):
        return "fine"
    if re.search(r"\bdamage", after) or re.search(r"\bdamage", sentence_before[-40:]):
        return "damage"
    if re.search(r"\b(?:cost|price|spend|spent|expend\w*)\b", sentence_before + " " + after):
        return "cost"
    return ""


def _percentages(text: str) -> list[Quantity]:
    found = []
    if "%" not in text and "cent" not in text.lower():   # the pattern is slow to fail on every word
        return found
    for match in PERCENT.finditer(text):
        after = text[match.end():match.end() + 80].lower()
        kind = "turnover_share" if re.match(r"\s*of\b[^.;]{0,50}\bturnover", after) else "percentage"
        found.append(Quantity(
            kind=kind, value=_number(match["num"]), unit="%", text=match[0], start=match.start(),
            end=match.end(), qualifier=_qualifier(text, match.start()),
            purpose="fine" if re.search(r"\b(?:fines?\b(?!-)|penalt)", text[:match.start()].lower()) else ""))
    return found


def _durations(text: str) -> list[Quantity]:
    found = []
    for match in DURATION.finditer(text):
        value = _number(match["num"]) * DAYS_PER_UNIT[match["unit"].lower()]
        qualifier = _qualifier(text, match.start())
        after = text[match.end():match.end() + 30].lower()
        is_limit = qualifier in TIME_LIMIT_QUALIFIERS or re.match(r"\s*(?:after|following|of|from)\b", after)
        before = text[max(0, match.start() - 30):match.start()].lower()
        if re.search(r"\bperiod (?:ending |of )?$|\bfor (?:a period of )?$|\bperiod ending $", before):
            is_limit = False
        found.append(Quantity(
            kind="time_limit" if is_limit else "period", value=round(value, 4), unit="day",
            text=match[0], start=match.start(), end=match.end(), qualifier=qualifier))
    return found
