"""Scene inspection records (现场勘验笔录) and interview records (询问笔录) of a case.

Both are editable until the case's determination and read-only after it (the service enforces that). People
lists and the question-and-answer sequence are small ordered structures kept as JSON text.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fireinvest.models.base import Base, Versioned
from fireinvest.rules import text_limits as text


class SceneInspection(Versioned, Base):
    __tablename__ = "scene_inspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fire_cases.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]
    place: Mapped[str] = mapped_column(String(text.SCENE_INSPECTIONS["place"]))
    inspectors_json: Mapped[str] = mapped_column(Text, default="[]")  # [{"name", "unit", "title"}]
    witness: Mapped[str] = mapped_column(String(text.SCENE_INSPECTIONS["witness"]), default="")
    weather_sky: Mapped[str] = mapped_column(String(text.SCENE_INSPECTIONS["weather_sky"]), default="")  # 晴、阴、雨 …
    wind: Mapped[str] = mapped_column(String(text.SCENE_INSPECTIONS["wind"]), default="")
    temperature: Mapped[str] = mapped_column(String(text.SCENE_INSPECTIONS["temperature"]), default="")
    lighting: Mapped[str] = mapped_column(String(text.SCENE_INSPECTIONS["lighting"]), default="")
    surroundings: Mapped[str] = mapped_column(Text, default="")  # 环境勘验
    preliminary: Mapped[str] = mapped_column(Text, default="")  # 初步勘验
    detailed: Mapped[str] = mapped_column(Text, default="")  # 细项勘验
    special: Mapped[str] = mapped_column(Text, default="")  # 专项勘验
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(text.SCENE_INSPECTIONS["updated_by"]))


class Interview(Versioned, Base):
    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fire_cases.id", ondelete="CASCADE"), index=True)
    interviewee: Mapped[str] = mapped_column(String(text.INTERVIEWS["interviewee"]))
    id_number: Mapped[str] = mapped_column(String(text.INTERVIEWS["id_number"]), default="")
    role: Mapped[str] = mapped_column(String(text.INTERVIEWS["role"]), default="")  # 报警人、当事人、目击者 …
    contact: Mapped[str] = mapped_column(String(text.INTERVIEWS["contact"]), default="")
    started_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]
    place: Mapped[str] = mapped_column(String(text.INTERVIEWS["place"]), default="")
    interviewers_json: Mapped[str] = mapped_column(Text, default="[]")  # ["张明", "李强"]
    questions_json: Mapped[str] = mapped_column(Text, default="[]")  # [{"q": …, "a": …}]
    refused_to_sign: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(text.INTERVIEWS["updated_by"]))
