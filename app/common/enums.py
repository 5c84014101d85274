"""Enumerations stored as stable short codes, shown with translated labels.

Each member's name *is* its code, so the database, the API and the forms all speak the
same word (FAB's EnumField and marshmallow look members up by name or by value).
"""

import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import MappedColumn, mapped_column


class CodedEnum(enum.StrEnum):
    """A string enum whose value is a stable code and which carries a display label."""

    label: Any

    def __new__(cls, code: str, label: Any) -> "CodedEnum":
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member

    def __str__(self) -> str:
        return str(self.label)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, str(member.label)) for member in cls]


class LabelledIntEnum(enum.IntEnum):
    """An integer enum (e.g. priority 1-5) that carries a display label."""

    label: Any

    def __new__(cls, number: int, label: Any) -> "LabelledIntEnum":
        member = int.__new__(cls, number)
        member._value_ = number
        member.label = label
        return member

    def __str__(self) -> str:
        return f"{self.value} {self.label}"

    @classmethod
    def choices(cls) -> list[tuple[int, str]]:
        return [(member.value, str(member)) for member in cls]


def enum_type(enum_class: type[CodedEnum]) -> sa.Enum:
    """The SQL type of ``enum_class`` codes: VARCHAR with a CHECK constraint in tables."""
    return sa.Enum(
        enum_class,
        name=f"ck_{enum_class.__name__.lower()}",
        native_enum=False,
        create_constraint=True,
        # An unknown code in a search finds nothing (writes are validated by the forms,
        # the API schemas and the CHECK constraint).
        validate_strings=False,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
    )


def enum_column(enum_class: type[CodedEnum], **kwargs: Any) -> MappedColumn:
    """A VARCHAR column holding ``enum_class`` codes, guarded by a CHECK constraint."""
    return mapped_column(enum_type(enum_class), **kwargs)
