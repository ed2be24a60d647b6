"""Codes of a file from elsewhere mapped onto this installation's lists before its cases are checked: another
detachment's district 丙区 becomes our 江宁区, its place type 人员密集场所 our 商场市场.

A mapping takes a file's code (kind, name, and for a sub-cause the category the file gives it) to a name in force
in this installation's list of the same kind (for a sub-cause: under the case's category once that is mapped).
Imports apply it to the facts and to the causes named on the timeline's determinations, so the case reads the same
everywhere; codes the mapping leaves unknown are still refused or added (add_missing_codes) as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from fireinvest.exchange.record import ImportedCase
from fireinvest.services.reference import (
    CAUSE_CATEGORY,
    CAUSE_DETAIL,
    DISTRICT,
    KIND_LABELS,
    PLACE_TYPE,
    Code,
    ReferenceLists,
)

CodeMapping = Mapping[Code, str]


def describe_mapping(code: Code, target: str) -> str:
    """How reports name one entry: 辖区“丙区”→“江宁区”."""
    return f"{KIND_LABELS[code.kind]}“{code}”→“{target}”"


def mapping_problems(mapping: CodeMapping, lists: ReferenceLists) -> list[str]:
    """Why entries of a mapping cannot be used: a target not in force in its list."""
    categories = {code.name: target for code, target in mapping.items() if code.kind == CAUSE_CATEGORY}
    in_force = {DISTRICT: set(lists.districts), PLACE_TYPE: set(lists.place_type_names),
                CAUSE_CATEGORY: set(lists.cause_names)}  # fmt: skip
    problems = []
    for code, target in mapping.items():
        if code.kind == CAUSE_DETAIL:
            category = categories.get(code.parent, code.parent)
            known = target in lists.cause_details.get(category, ())
            where = f"起火原因“{category}”的细分原因"
        else:
            known, where = target in in_force[code.kind], f"本机{KIND_LABELS[code.kind]}代码表"
        if not known:
            problems.append(f"{describe_mapping(code, target)}：“{target}”不在{where}中。")
    return problems


def apply_code_mapping(cases: Iterable[ImportedCase], mapping: CodeMapping) -> list[Code]:
    """Map the codes the cases name; returns the mapping's entries that were used, in the mapping's order."""
    used: set[Code] = set()

    def mapped(code: Code, current: str) -> str:
        if code in mapping:
            used.add(code)
            return mapping[code]
        return current

    for case in cases:
        draft = case.draft
        category = draft.cause_category.strip()
        draft.district = mapped(Code(DISTRICT, draft.district.strip()), draft.district)
        draft.place_type = mapped(Code(PLACE_TYPE, draft.place_type.strip()), draft.place_type)
        draft.cause_detail = mapped(Code(CAUSE_DETAIL, draft.cause_detail.strip(), category), draft.cause_detail)
        draft.cause_category = mapped(Code(CAUSE_CATEGORY, category), draft.cause_category)
        for step in case.steps:  # a determination names the cause it found
            named = step.event.details.get("cause_category")
            if isinstance(named, str) and named.strip():
                step.event.details["cause_category"] = mapped(Code(CAUSE_CATEGORY, named.strip()), named)
    return [code for code in mapping if code in used]
