"""The people register (人员名册): investigators and other staff that cases refer to."""

from __future__ import annotations

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from fireinvest.models.base import Base, Versioned
from fireinvest.rules import text_limits as text


class Person(Versioned, Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(text.PEOPLE["name"]), index=True)
    unit: Mapped[str] = mapped_column(String(text.PEOPLE["unit"]), default="")
    title: Mapped[str] = mapped_column(String(text.PEOPLE["title"]), default="")  # 职务/职称
    badge_number: Mapped[str] = mapped_column(String(text.PEOPLE["badge_number"]), default="")  # 执法证号
    phone: Mapped[str] = mapped_column(String(text.PEOPLE["phone"]), default="")
    # The workstation login of this person, so "my cases" and "my deadlines" know who is at the keyboard.
    login_name: Mapped[str] = mapped_column(
        String(text.PEOPLE["login_name"]), default="", server_default="", index=True
    )
    is_investigator: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
