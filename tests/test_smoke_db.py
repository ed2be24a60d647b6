from fireinvest.services import cases
from tests.factories import make_draft


def test_case_registered_and_read_back(db, actor):
    with db.unit_of_work() as session:
        created = cases.create_case(session, actor, make_draft())
    with db.reading() as session:
        loaded = cases.get_case(session, created.id)
    assert loaded.case_number.endswith("-2026-00001")
    assert loaded.facts.address == "玄武区中山路100号3栋502室"
