"""URL converters."""

from werkzeug.routing import IntegerConverter, Map

#: The largest id a database INTEGER column holds (PostgreSQL's is 32-bit).
MAX_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """`<int:…>` in a path: ASCII digits only (Python reads "１２" or "١٢" as 12; a forged id written so is unknown,
    404), and an id too large for the database is unknown too, never a database error (500)."""

    regex = r"[0-9]+"

    def __init__(self, map: Map, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)  # type: ignore[arg-type]
