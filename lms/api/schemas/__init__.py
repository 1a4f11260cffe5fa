"""The API's request and response shapes (pydantic v2): they validate input, serialise output and, through
lms/api/openapi.py, make the OpenAPI document. Limits and enums come from the constants the services and forms
use, so the document states what the code enforces."""
