"""The API's answer to bad input: a clear 400 (or 404), never a 500.

Wired in REST_FRAMEWORK (settings), with the router in kundval.api, so a
new API view is born under them:

- JSON bodies nested deeper than MAX_JSON_DEPTH are refused before a view
  walks them (thousands deep used to end in a RecursionError);
- a page holds at most MAX_LIMIT rows, and no offset can overflow bigint;
- an id in a path is 1 to ID_DIGITS ASCII digits, or the URL does not exist
  (str.isdigit() accepts "²", and int() then fails);
- what still escapes a view as a Django ValidationError, or as a value the
  database or the date functions refuse, is a 400 and logged as an error.
"""

import logging

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DataError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

logger = logging.getLogger(__name__)

MAX_JSON_DEPTH = 32
MAX_LIMIT = 1000
# 18 digits fit in a bigint (at most 19 digits, 9.2e18); more is no id of ours.
ID_DIGITS = 18
ID_PATTERN = f"[0-9]{{1,{ID_DIGITS}}}"
LARGEST_OFFSET = 2**63 - 1


class DepthLimitedJSONParser(JSONParser):
    """JSON, at most MAX_JSON_DEPTH lists and objects deep."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
            depth = MAX_JSON_DEPTH + 1
        else:
            depth = json_depth(data)
        if depth > MAX_JSON_DEPTH:
            raise exceptions.ParseError(
                _("The JSON is nested more than %(most)d levels deep.")
                % {"most": MAX_JSON_DEPTH}
            )
        return data


def json_depth(data) -> int:
    """How many lists and objects deep `data` goes; without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, depth)
            stack.extend((item, depth + 1) for item in value)
    return deepest


class BoundedPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def get_offset(self, request):
        return min(super().get_offset(request), LARGEST_OFFSET)


def api_exception_handler(exc, context):
    """DRF's handler, and a clear answer for what DRF leaves to a 500."""
    # Here, not at the top: DRF's views load this module's parser and
    # pagination while they are being imported.
    from rest_framework.views import exception_handler

    response = exception_handler(exc, context)
    if response is not None:
        return response
    if isinstance(exc, ValidationError):
        return Response(_messages(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ObjectDoesNotExist):
        return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, DataError | ValueError | OverflowError):
        # A value the database or the date functions refuse: the client's
        # fault, but a check is missing before it, so it is logged loudly.
        logger.error("Bad input reached %s", context["view"], exc_info=exc)
        return Response(
            {"detail": _("The request holds a value that cannot be used.")},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return None


def _messages(error: ValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"non_field_errors": error.messages}
