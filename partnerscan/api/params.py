"""What the endpoints share: the id in a path, the language of an answer, the errors."""

from __future__ import annotations

from typing import Annotated, Literal

from ninja.params.functions import Path, Query

from partnerscan.api.schemas import Error, InvalidInput

# Ids are 64-bit in the database; a larger number is bad input (422), not a server error.
MAX_ID = 2**63 - 1
ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]
Lang = Annotated[
    Literal["nl", "en"] | None,
    Query(description="The language of names and texts; by default that of Accept-Language."),
]

# Every read endpoint may answer these besides its own.
ERRORS: dict[int, type] = {401: Error, 403: Error, 404: Error, 422: InvalidInput, 429: Error}
# A write may also get a body that is no JSON at all, or one too large: a 400.
WRITE_ERRORS: dict[int, type] = {400: Error, **ERRORS}
