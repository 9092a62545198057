"""The JSON Schema of the report, generated from the pydantic model.

A copy is checked in at ``lint/seedlint/schemas/report.schema.json``; a test fails when
the model and the copy disagree, so a format change is always a reviewed change.
"""

from __future__ import annotations

from typing import Any

from seedlint.model import REPORT_VERSION, Report


def report_schema() -> dict[str, Any]:
    schema = Report.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://seedlint.dev/schemas/report-{REPORT_VERSION}.json"
    return schema
