"""Claims: the figures a document states, as (region, metric, period, value) facts.

Contradiction checks are only as good as the reading of a figure: "21日零时至24时，重庆市
新增本土确诊病例178例" is one fact about a whole day, "22日0-18时...144例" a different one about
part of a day, and "超6000例" a bound, not a value. This package turns text into such facts
so that the contradiction detectors compare like with like and nothing else.

Pipeline, linear in the document, one module per stage:

1. ``script``: Traditional to Simplified (for matching only), full-width digits to ASCII,
   inline pinyin glosses some sites inject (``網(wǎng)``) removed; an offset map keeps every
   position traceable to the original text.
2. ``numbers``: Arabic and Chinese numerals, thousands separators, 万/亿, decimals,
   percentages, ranges, units and qualifiers (超, 约, 至少, 余 ...).
3. ``times``: absolute dates, dates relative to the publication date or to the date last
   named (``21日``, ``昨日``), whole-day and partial windows, "as of" moments and spans; dates
   that only say when a press conference was held or a dispatch filed are marked as events.
4. ``binding`` (with ``catalog``, ``places``, ``reading``, ``claim``): metric terms from
   YAML (``metrics_zh.yaml``) bind to the adjacent quantity; the nearest region and period
   before it complete the key. Changes ("较29日减少863例") yield a derived claim for the day
   referred to.
5. ``breakdowns``: "total ..., 其中 A、B、C" enumerations for the internal sum and
   percentage checks; metric-agnostic, since breakdowns name arbitrary categories.

``report`` prints the facts (``seedlint claims``). The reading is pure (text and dates in,
facts out) and memoised per document; the detectors in ``seedlint.detectors.contradiction``
and ``seedlint.detectors.consistency`` only decide what is worth a finding. The public
names of every stage are importable from here.
"""

from __future__ import annotations

from seedlint.claims.binding import (
    Analysis,
    analysis_for,
    analyze,
    claim_id,
    publication_dates,
    reading_for,
)
from seedlint.claims.breakdowns import Breakdown, Inclusion, Part, find_breakdowns
from seedlint.claims.catalog import Catalog, MetricDef, RegionDef, load_catalog
from seedlint.claims.claim import Claim
from seedlint.claims.numbers import (
    TIME_UNITS,
    Quantity,
    interval,
    parse_cn_int,
    parse_cn_number,
    scan_quantities,
    unit_class,
)
from seedlint.claims.reading import SEGMENT_ENDS, Reading, read_text
from seedlint.claims.report import catalog_of, claims_report, describe_claims, format_claims
from seedlint.claims.script import Normalized, normalize, to_simplified
from seedlint.claims.times import Period, TimeExpr, describe_period_key, period_of, scan_times

__all__ = [
    "SEGMENT_ENDS",
    "TIME_UNITS",
    "Analysis",
    "Breakdown",
    "Catalog",
    "Claim",
    "Inclusion",
    "MetricDef",
    "Normalized",
    "Part",
    "Period",
    "Quantity",
    "Reading",
    "RegionDef",
    "TimeExpr",
    "analysis_for",
    "analyze",
    "catalog_of",
    "claim_id",
    "claims_report",
    "describe_claims",
    "describe_period_key",
    "find_breakdowns",
    "format_claims",
    "interval",
    "load_catalog",
    "normalize",
    "parse_cn_int",
    "parse_cn_number",
    "period_of",
    "publication_dates",
    "read_text",
    "reading_for",
    "scan_quantities",
    "scan_times",
    "to_simplified",
    "unit_class",
]
