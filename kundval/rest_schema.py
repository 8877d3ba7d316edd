"""The OpenAPI schema documents every error answer an operation can give.

drf-spectacular documents the success answers and what a view declares;
the 400 of bad input (kundval.rest, the NUL refusal), the 401 and 403 of a
view that needs a role, the 404 of an id in a path or of a row out of scope,
and the 415 of a body of another media type are added here, so a client
(and the schema fuzz test) knows them all.
"""

from drf_spectacular import openapi

from kundval.rest import ID_DIGITS, ID_PATTERN

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# A 400 names the bad fields ({"field": ["message"]}) or says what is wrong
# ({"detail": "..."}): an object either way.
FIELD_ERRORS = {"type": "object", "additionalProperties": True}
BODY_METHODS = {"POST", "PUT", "PATCH"}
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 10**ID_DIGITS - 1}


class AutoSchema(openapi.AutoSchema):
    def _resolve_path_parameters(self, variables):
        """An id in a path is an integer to clients, as before the router
        bounded it (kundval.rest.ID_PATTERN); spectacular would say string."""
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if parameter["schema"].get("pattern") == f"^{ID_PATTERN}$":
                parameter["schema"] = ID_SCHEMA
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, (description, schema) in self._error_answers().items():
            responses.setdefault(code, _json(description, schema))
        return responses

    def _error_answers(self) -> dict:
        answers = {"400": ("Bad input, named.", FIELD_ERRORS)}
        policy = getattr(self.view, "access_policy", None)
        if policy is None or not policy.public:
            answers["401"] = ("Not signed in: no or a bad token.", DETAIL)
            answers["403"] = ("The user lacks the role.", DETAIL)
        # A row out of the user's scope is 404 as if it did not exist,
        # whether its id is in the path, the query or the body.
        if "{" in self.path or "401" in answers:
            answers["404"] = ("No such object, or not of yours.", DETAIL)
        if self.method in BODY_METHODS:
            answers["415"] = (
                "The body is of a media type the operation does not take.",
                DETAIL,
            )
        return answers


def _json(description, schema) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }
