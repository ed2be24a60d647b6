"""The engines held to the reference rule: an archive of random texts (a small alphabet of Chinese characters with
traditional and full-width variants, digits, Latin letters, punctuation and spaces) in several records of each case,
and many random queries. For every query the cases `search_archive` finds are exactly those a brute-force scan finds
by applying `analysis.contains` to every searchable text of every case (`sources.case_sources`), on SQLite and on
PostgreSQL alike; and they are ranked by the weight of the best part each term was found in, newest first."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from fireinvest.errors import ValidationFailed
from fireinvest.rules.evidence import EvidenceDraft
from fireinvest.rules.loop_items import MeasureDraft
from fireinvest.rules.records import InterviewDraft, QuestionAnswer
from fireinvest.search.analysis import contains, term_units, unit_values, units
from fireinvest.search.index import INDEXED_PARTS
from fireinvest.search.sources import NO_KNOWN_TEXT, case_sources
from fireinvest.services import cases, evidence, records
from fireinvest.services.attachments.intake import add_attachments
from fireinvest.services.case_query import CaseFilter
from fireinvest.services.loop import items as loop_items
from fireinvest.services.search import search_archive
from tests.factories import local, make_draft, make_photo

SEED = 20261202
CASES = 36
QUERIES = 250
EVERYTHING = CaseFilter(include_voided=True)

# Few characters, so that short terms are found in many cases and longer ones in some.
CHINESE = "火灾电线短路楼起因"
VARIANTS = {"电": "電", "线": "線", "楼": "樓", "灾": "災", "1": "１", "2": "２", "a": "Ａ", "b": "ｂ"}
ALPHABET = CHINESE * 3 + "電線樓災" + "12１２" + "abＡB" + "，。-、！" + "  "
WEIGHT = {"facts": 3, "records": 2, "documents": 2, "reviews": 2, "evidence": 1, "attachments": 1, "loop": 1}


def random_text(rng: random.Random, shortest: int = 0, longest: int = 30) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(shortest, longest)))


def variant(rng: random.Random, text: str) -> str:
    """The same words written otherwise (traditional, full-width, other case), now and then."""
    return "".join(VARIANTS[c] if c in VARIANTS and rng.random() < 0.5 else c for c in text)


def build_archive(workstation, rng: random.Random, tmp_path) -> list[int]:
    """Cases with random texts in their summary, interviews, evidence, attachments and corrective measures."""
    ids = []
    for n in range(CASES):
        alarm = local(2025, 1, 1) + dt.timedelta(days=9 * n, hours=n % 7)
        draft = make_draft(alarm_time=alarm, ignition_time=alarm - dt.timedelta(minutes=5),
                           extinguished_time=alarm + dt.timedelta(hours=1), summary=random_text(rng),
                           address=f"某路{n}号", unit_name="", dispatched_units="", disaster_causes="",
                           ignition_area="", ignition_point="", cause_finding=random_text(rng, 0, 8),
                           parties=[])  # fmt: skip
        case = cases.create_case(workstation, draft).value
        ids.append(case.id)
        for _ in range(rng.randint(0, 2)):
            asked = rng.randint(1, 3)
            answers = [QuestionAnswer("问" + random_text(rng, 0, 6), random_text(rng)) for _ in range(asked)]
            records.create_interview(workstation, case.id, InterviewDraft(
                interviewee=f"证人{rng.randint(1, 3)}", started_at=alarm + dt.timedelta(hours=2), place="询问室",
                questions=answers,
                interviewers=["调查员"]))  # fmt: skip
        if rng.random() < 0.5:
            evidence.register_evidence(workstation, case.id, EvidenceDraft(
                "物证", alarm + dt.timedelta(hours=3), "调查员", description=random_text(rng)))  # fmt: skip
        if rng.random() < 0.25:
            path = tmp_path / f"p{n}.jpg"
            path.write_bytes(make_photo((8, 8)))
            add_attachments(workstation, case.id, [path], caption=random_text(rng, 1, 20))
        if rng.random() < 0.25:
            loop_items.create_measure(workstation, case.id, MeasureDraft(
                "措施" + random_text(rng), "某单位", alarm.date() + dt.timedelta(days=30)))  # fmt: skip
        if rng.random() < 0.1:
            cases.void_case(workstation, case.id, case.version, "作废" + random_text(rng, 0, 6))
    return ids


def random_term(rng: random.Random, texts: list[str]) -> str:
    """A stretch of some archived text (often found) or random characters (often not), sometimes written otherwise."""
    if rng.random() < 0.7:
        text = rng.choice(texts)
        found = units(text)
        if found:
            width = rng.choice([1, 1, 2, 2, 3, 4])
            start = rng.randrange(len(found))
            end = min(len(found), start + width) - 1
            return variant(rng, text[found[start].start : found[end].end])
    return random_text(rng, 1, 4)


def written(term: str) -> str:
    """The term as typed: in quotes when it holds a space or starts like an exclusion."""
    return f'"{term}"' if (" " in term or term[0] in "-－—") else term


def expected_cases(sources: dict[int, list[list[str]]], terms, excluded) -> set[int]:
    return {
        case_id
        for case_id, texts in sources.items()
        if all(any(contains(t, term) for t in texts) for term in terms)
        and not any(any(contains(t, term) for t in texts) for term in excluded)
    }


def test_the_engines_find_what_the_reference_rule_finds(workstation, tmp_path):
    rng = random.Random(SEED)
    ids = build_archive(workstation, rng, tmp_path)
    with workstation.database.reading() as session:
        by_case = case_sources(session, ids, INDEXED_PARTS, NO_KNOWN_TEXT)
        alarms = {case_id: cases.case_detail(session, case_id).facts.alarm_time for case_id in ids}
    texts = [source.body for sources in by_case.values() for source in sources]
    values = {case_id: [(s.part, unit_values(s.body)) for s in by_case.get(case_id, [])] for case_id in ids}
    plain = {case_id: [v for _part, v in parts] for case_id, parts in values.items()}
    answered = nonempty = 0
    for _ in range(QUERIES):
        wanted = [random_term(rng, texts) for _ in range(rng.choice([1, 1, 2, 2, 3, 4]))]
        unwanted = [random_term(rng, texts) for _ in range(rng.choice([0, 0, 0, 1, 2]))]
        query = " ".join([written(t) for t in wanted] + ["-" + written(t) for t in unwanted])
        terms = [term_units(t) for t in wanted if term_units(t)]
        excluded = [term_units(t) for t in unwanted if term_units(t)]
        if not terms and excluded:
            with pytest.raises(ValidationFailed, match="至少输入一个"):
                search_archive(workstation, query, EVERYTHING)
            continue
        page = search_archive(workstation, query, EVERYTHING, limit=1000)
        expected = expected_cases(plain, terms, excluded) if terms else set()
        assert {hit.case_id for hit in page.hits} == expected, (query, terms, excluded)
        assert page.total == len(expected) and not page.capped, query
        scores = {
            case_id: sum(max(WEIGHT[part] for part, v in values[case_id] if contains(v, term)) for term in terms)
            for case_id in expected
        }
        assert [(hit.case_id, hit.score) for hit in page.hits] == sorted(
            scores.items(), key=lambda item: (-item[1], -alarms[item[0]].timestamp(), -item[0])
        ), query
        for hit in page.hits:  # every place named holds a term
            assert hit.places and hit.snippet is not None and hit.snippet.marks, query
        answered += 1
        nonempty += bool(expected)
    # The random queries must have asked a good deal, found often and missed often.
    assert answered > QUERIES * 0.8 and QUERIES * 0.3 < nonempty < answered * 0.9, (answered, nonempty)
