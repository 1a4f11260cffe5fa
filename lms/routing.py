"""URL converters."""

from werkzeug.routing import IntegerConverter, Map

#: The largest id a database INTEGER column holds (PostgreSQL's is 32-bit).
MAX_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """`<int:…>` in a path: an id too large for the database is unknown (404), never a database error (500)."""

    def __init__(self, map: Map, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)  # type: ignore[arg-type]
