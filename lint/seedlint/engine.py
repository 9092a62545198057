"""The engine: run the configured rules over documents, then the corpus-wide passes.

``lint_document`` is a pure per-document function (rules in, findings and collected
corpus data out): it is what ``--fix`` re-runs to a fixed point and what parallel or
distributed backends ship to workers. ``Engine.run`` strings the stages together:
sources -> per-document rules (and fixes) -> corpus passes -> waivers and baseline ->
report.
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from seedlint import __version__
from seedlint.config import Config, ignored_for_path, is_selected, severity_for
from seedlint.document import Document
from seedlint.fixguard import drop_emptying_fixes, offered_fixes
from seedlint.inputrules import INPUT_RULES
from seedlint.markup import protect_markup
from seedlint.model import (
    Applicability,
    Category,
    ClaimRecord,
    ClaimRef,
    DocumentReport,
    Edit,
    Finding,
    Fix,
    Report,
    Severity,
    Summary,
)
from seedlint.registry import RELEASED_KEY, CorpusHit, Hit, Triggers, release
from seedlint.rules import LoadedRule, builtin_rules_dir, load_rules, rule_files
from seedlint.sources import Problem, SourceFile, SourceOptions, path_matches

SNIPPET_MAX = 200

_encode_json_string: Callable[[str], str] = json.encoder.encode_basestring


def rule_applies(rule: LoadedRule, path: str) -> bool:
    spec = rule.spec
    if spec.paths and not path_matches(path, spec.paths):
        return False
    return not (spec.exclude_paths and path_matches(path, spec.exclude_paths))


def _min_applicability(a: Applicability, b: Applicability | None) -> Applicability:
    if b is None:
        return a
    return a if a.rank <= b.rank else b


class _Keep(dict[str, Any]):
    """Template values that leave unknown ``{placeholders}`` as they are."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _format_message(template: str, data: dict[str, Any]) -> str:
    try:
        return template.format_map(_Keep(data))
    except (ValueError, IndexError, AttributeError):
        return template


def make_finding(
    rule: LoadedRule,
    doc: Document,
    hit: Hit,
    severity: Severity,
    pos: tuple[int, int, int, int] | None = None,
) -> Finding:
    """Turn a detector's hit into a public finding (offsets become file offsets)."""
    spec = rule.spec
    off = doc.body_offset
    if pos is None:
        line, col = doc.position(hit.start)
        end_line, end_col = doc.position(hit.end)
    else:
        line, col, end_line, end_col = pos
    snippet = doc.text[hit.start : hit.end] if pos is None else str(hit.data.get("match", ""))
    data = {"match": snippet, **hit.data}
    message = hit.message or _format_message(spec.message, data)
    fix: Fix | None = None
    # An HTML page's findings are on its text nodes: edits to them would be edits to the
    # markup, which seedlint never makes, so they are reported without a fix.
    if (
        (hit.edits is not None or hit.encoding)
        and spec.fix is not Applicability.NONE
        and doc.container != "html"
    ):
        applicability = _min_applicability(spec.fix, hit.applicability)
        if applicability is not Applicability.NONE:
            fix = Fix(
                applicability=applicability,
                description=hit.fix_description,
                # Edits are frozen: without front matter they are reused as they are.
                edits=list(hit.edits or [])
                if off == 0
                else [
                    Edit(start=e.start + off, end=e.end + off, replacement=e.replacement)
                    for e in (hit.edits or [])
                ],
                encoding=hit.encoding,
            )
    sev = Severity(hit.severity) if hit.severity else severity
    return Finding(
        code=spec.code,
        name=spec.name,
        category=spec.category,
        severity=sev,
        path=doc.path,
        document=doc.doc_id,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        message=message,
        fingerprint="",
        fix=fix,
        start=hit.start + off,
        end=hit.end + off,
        snippet=snippet[:SNIPPET_MAX],
        help=spec.help,
        claim=hit.claim,
        other_claim=(
            ClaimRef(document=hit.other_claim[0], claim=hit.other_claim[1])
            if hit.other_claim
            else None
        ),
    )


class Gate:
    """One scan of a document for every rule's triggers: which gated rules it can skip.

    Each rule whose detector declares ``Triggers`` is gated: the literals of all of them
    go into one Aho-Corasick automaton (one pass over the text, stopped as soon as every
    literal-gated rule is open), a character-class trigger is one regex search, a
    metadata trigger a key lookup. A rule without triggers is never skipped. Exact by
    the ``Triggers`` contract: a skipped rule would have found nothing.
    """

    def __init__(self, rules: Iterable[LoadedRule]) -> None:
        self.gated: frozenset[str] = frozenset()
        self._chars: list[tuple[str, Any]] = []
        self._rare: list[tuple[str, Any]] = []
        self._rare_chars: Callable[[Document], str] | None = None
        self._meta: list[tuple[str, tuple[str, ...]]] = []
        self._automaton: Any = None
        self._by_literal = 0
        gated: set[str] = set()
        words: dict[str, set[str]] = defaultdict(set)
        for rule in rules:
            trig: Triggers | None = rule.detector.triggers()
            if trig is None:
                continue
            gated.add(rule.code)
            for lit in trig.literals:
                words[lit].add(rule.code)
            if trig.chars is not None:
                self._chars.append((rule.code, trig.chars))
            if trig.rare is not None:
                self._rare.append((rule.code, trig.rare))
            if trig.metadata:
                self._meta.append((rule.code, trig.metadata))
        self.gated = frozenset(gated)
        if self._rare:
            # Imported with the first rare-character trigger: only detectors declare one.
            from seedlint.detectors._rarechars import rare_chars

            self._rare_chars = rare_chars
        if words:
            a = ahocorasick.Automaton()
            for lit, codes in words.items():
                a.add_word(lit, frozenset(codes))
            a.make_automaton()
            self._automaton = a
            self._by_literal = len(set().union(*words.values()))

    def closed(self, doc: Document) -> frozenset[str]:
        """The gated rules none of whose triggers ``doc`` holds: they cannot fire on it."""
        if not self.gated:
            return self.gated
        text = doc.text
        found: set[str] = set()
        if self._automaton is not None:
            want = self._by_literal
            for _, codes in self._automaton.iter(text):
                found |= codes
                if len(found) >= want:
                    break
        for code, rx in self._chars:
            if code not in found and rx.search(text) is not None:
                found.add(code)
        if self._rare_chars is not None:
            rare = self._rare_chars(doc)  # memoised in the document: the rules reuse it
            if rare:
                for code, rx in self._rare:
                    if code not in found and rx.search(rare) is not None:
                        found.add(code)
        meta = doc.metadata
        if meta:
            for code, keys in self._meta:
                if code not in found and any(k in meta for k in keys):
                    found.add(code)
        return self.gated - found if found else self.gated


@dataclass
class DocResult:
    findings: list[Finding] = field(default_factory=list)
    collected: dict[str, Any] = field(default_factory=dict)
    """rule code -> what the rule's ``collect`` returned for this document."""


class RuleSet:
    """The rules in force for a run, with the config's selection and severities applied."""

    def __init__(self, rules: list[LoadedRule], cfg: Config) -> None:
        self.cfg = cfg
        self.all_rules = rules
        self.rules = [r for r in rules if is_selected(cfg, r.code, r.spec.enabled)]
        self.severity = {r.code: severity_for(cfg, r.code, r.spec.severity) for r in rules}
        self.by_code = {r.code: r for r in rules}
        self._for_path: dict[str, list[tuple[LoadedRule, Severity]]] = {}
        self._for_path_of: tuple[LoadedRule, ...] = ()
        self.use_gate = True
        """Skip the rules whose triggers a document lacks (``Gate``); off only to prove
        the gate exact."""
        self._gate: Gate | None = None
        self._gate_of: tuple[LoadedRule, ...] = ()
        self._scoped: list[LoadedRule] = []
        self._by_scope: dict[tuple[bool, ...], list[tuple[LoadedRule, Severity]]] = {}

    def rules_for(self, path: str) -> list[tuple[LoadedRule, Severity]]:
        """The rules that apply to ``path``, with their severities.

        Path globs are matched once per path, not once per rule and document: a JSONL
        file's records share one path, and most packs have no path-dependent rule at all.
        The memo follows ``rules`` (callers may narrow it) and stays bounded.
        """
        rules = tuple(self.rules)
        if rules != self._for_path_of or len(self._for_path) > 4096:
            self._for_path, self._for_path_of = {}, rules
            # Only scoped rules (paths, exclude-paths) depend on the path when no
            # per-file-ignores are configured: the rule list is then one of a few, keyed
            # by which scoped rules apply, and a folder of files builds it once.
            self._scoped = [r for r in rules if r.spec.paths or r.spec.exclude_paths]
            self._by_scope = {}
        got = self._for_path.get(path)
        if got is None:
            cfg = self.cfg
            scope: tuple[bool, ...] | None = None
            if not cfg.per_file_ignores:
                scope = tuple(rule_applies(r, path) for r in self._scoped)
                got = self._by_scope.get(scope)
            if got is None:
                got = [
                    (r, self.severity[r.code])
                    for r in rules
                    if rule_applies(r, path) and not ignored_for_path(cfg, r.code, path)
                ]
                if scope is not None:
                    self._by_scope[scope] = got
            self._for_path[path] = got
        return got

    def gate(self) -> Gate | None:
        """The trigger gate of the rules in force (rebuilt if a caller narrows them), or
        None when it is switched off."""
        if not self.use_gate:
            return None
        rules = tuple(self.rules)
        if self._gate is None or rules != self._gate_of:
            self._gate, self._gate_of = Gate(rules), rules
        return self._gate

    @classmethod
    def from_config(cls, cfg: Config) -> RuleSet:
        extra = [cfg.resolve(p) for p in cfg.rules]
        options: dict[str, Any] = {
            "expected-script": cfg.expected_script,
            "manifest": str(cfg.resolve(cfg.manifest)) if cfg.manifest else None,
            "config-dir": str(cfg.base_dir),
        }
        return cls(load_rules(extra, cfg.builtin_rules, options, cfg.params), cfg)

    def digest(self) -> str:
        return config_digest(self.cfg)


def config_digest(cfg: Config) -> str:
    """Changes whenever the rule pack, the config or seedlint itself changes (read from
    the rule files: no rule needs to be loaded for it)."""
    h = hashlib.sha256(__version__.encode())
    h.update(cfg.model_dump_json(by_alias=True).encode())
    dirs = ([builtin_rules_dir()] if cfg.builtin_rules else []) + [
        cfg.resolve(p) for p in cfg.rules
    ]
    for f in rule_files(dirs):
        h.update(f.name.encode())
        h.update(f.read_bytes())
        lex = f.parent / "lexicons"
        if lex.is_dir():
            for lf in sorted(lex.iterdir()):
                if lf.is_file():
                    h.update(lf.read_bytes())
    return h.hexdigest()[:16]


def lint_document(doc: Document, ruleset: RuleSet, collect: bool = True) -> DocResult:
    return lint_documents([doc], ruleset, collect)[0]


def lint_documents(docs: list[Document], ruleset: RuleSet, collect: bool = True) -> list[DocResult]:
    """``lint_document`` for each of ``docs``, with the same results, rule by rule.

    Each rule runs over all the documents before the next rule starts: its compiled
    patterns, automata and lookup tables stay in the CPU's caches instead of being
    evicted by the forty other rules between two documents. On a batch of JSONL records
    that took a quarter off the run. Shared analyses still live in each document's
    ``cache`` (the first rule that needs one computes it), so the order of work changes
    nothing else; findings are sorted per document as before.
    """
    # Imported here: the detectors package registers every kind on import, which a run
    # served from the run memo never needs.
    from seedlint.detectors._regex import begin_document
    from seedlint.heap import bound_heap

    bound_heap()  # a huge document's freed arrays must not stay in the heap
    results = [DocResult() for _ in docs]
    plans: dict[str, dict[str, Severity]] = {}
    shared: dict[int, dict[str, Severity]] = {}  # paths with the same rule list share a plan
    for doc in docs:
        if doc.path not in plans:
            in_force = ruleset.rules_for(doc.path)
            plan = shared.get(id(in_force))
            if plan is None:
                plan = shared[id(in_force)] = {rule.code: sev for rule, sev in in_force}
            plans[doc.path] = plan
    gate = ruleset.gate()
    no_rule: frozenset[str] = frozenset()
    closed = [gate.closed(doc) for doc in docs] if gate is not None else [no_rule] * len(docs)
    # Each document's work, worked out once (not once per rule): its plan and the rules
    # its gate closed. Most documents of a batch share one plan object.
    work = [
        (doc, res, plans[doc.path], shut)
        for doc, res, shut in zip(docs, results, closed, strict=True)
    ]
    # Each shared analysis goes right after the last rule that reads it (the claims'
    # reading of a 20 MB line of figures was 400 MB held through every rule after C104);
    # ``ensure_held`` makes asking for it again after that fail instead of recomputing.
    last_reader: dict[str, int] = {}
    for i, rule in enumerate(ruleset.rules):
        for name in rule.detector.reads:
            last_reader[name] = i
    released_after: dict[int, list[str]] = {}
    for name, i in last_reader.items():
        released_after.setdefault(i, []).append(name)
    for doc in docs:
        doc.cache.pop(RELEASED_KEY, None)  # a document linted again reads them afresh
    for i, rule in enumerate(ruleset.rules):
        code = rule.code
        det = rule.detector
        check = det.check
        wide = collect and det.corpus_wide
        for doc, res, plan, shut in work:
            if code in shut:
                continue
            sev = plan.get(code)
            if sev is None:
                continue
            begin_document(doc.text)
            try:
                found = [make_finding(rule, doc, hit, sev) for hit in check(doc)]
                if wide:
                    data = det.collect(doc)
                    if data is not None:
                        res.collected[code] = data
            except Exception as exc:  # one broken rule must not take the whole run down
                res.findings.append(
                    problem_finding(
                        Problem(
                            doc.path,
                            "SL009",
                            f"rule {code} failed on this document: {type(exc).__name__}: {exc}",
                            doc_id=doc.doc_id,
                        )
                    )
                )
                continue
            if found:
                res.findings.extend(found)
        for name in released_after.get(i, ()):
            for doc in docs:
                release(doc, name)
    begin_document(None)
    residue = {r.code for r in ruleset.rules if r.spec.kind == "html-residue"}
    for doc, res in zip(docs, results, strict=True):
        res.findings.sort(key=lambda f: (f.start, f.end, f.code))
        # Markdown code, raw HTML and link targets are markup: no fix edits them.
        res.findings = protect_markup(doc, res.findings, residue)
        res.findings = drop_emptying_fixes(doc, res.findings)
        res.findings = offered_fixes(doc, res.findings, ruleset.cfg)
    return results


def problem_finding(p: Problem) -> Finding:
    r = INPUT_RULES[p.code]
    return Finding(
        code=r.code,
        name=r.name,
        category=Category.INPUT,
        severity=r.severity,
        path=p.path,
        document=p.doc_id,
        line=p.line,
        column=p.column,
        end_line=p.line,
        end_column=p.column,
        message=p.message,
        fingerprint="",
        help=r.help,
    )


def assign_fingerprints(findings: list[Finding], missing_only: bool = False) -> None:
    """Fingerprints survive line shifts: they hash what was found, not where.

    A fingerprint depends on the findings of its own document and code alone (the key
    holds both, and ``n`` counts the same key in the document's order), so documents can
    be fingerprinted where they are linted. ``missing_only``: recompute just the
    (document, code) groups with a finding that has none yet (corpus and input findings,
    waivers).
    """
    if missing_only:
        groups = {(f.document, f.code) for f in findings if not f.fingerprint}
        if not groups:
            return
        findings = [f for f in findings if (f.document, f.code) in groups]
    seen: dict[tuple[str, str, str], int] = {}
    # Byte for byte ``json.dumps([code, document, norm, n], ensure_ascii=False)`` (what
    # baselines were written with), without the encoder's per-call setup.
    enc = _encode_json_string
    sha = hashlib.sha256
    encoded: dict[str, str] = {}
    for f in sorted(findings, key=_FINGERPRINT_ORDER):
        norm = " ".join(f.snippet.split()) or f.message
        key = (f.code, f.document, norm)
        n = seen.get(key, 0)
        seen[key] = n + 1
        doc = encoded.get(f.document)
        if doc is None:
            doc = encoded[f.document] = enc(f.document)
        raw = f"[{enc(f.code)}, {doc}, {enc(norm)}, {n}]"
        f.fingerprint = sha(raw.encode()).hexdigest()[:20]


_FINGERPRINT_ORDER = operator.attrgetter("document", "start", "line", "column", "code")


def _waivers(doc_meta: dict[str, Any]) -> list[dict[str, Any]]:
    sl = doc_meta.get("seedlint")
    if not isinstance(sl, dict):
        return []
    w = sl.get("waive", [])
    return [x for x in w if isinstance(x, dict)] if isinstance(w, list) else []


def _waiver_covers(w: dict[str, Any], f: Finding) -> bool:
    """Whether waiver ``w`` (with a code and a reason) names finding ``f``."""
    if not f.code.startswith(str(w.get("code", ""))):
        return False
    if "line" in w and f.line != w["line"]:
        return False
    lines = w.get("lines")  # an inline comment's range (``seedlint.inline``)
    if isinstance(lines, list) and not lines[0] <= f.line <= lines[1]:
        return False
    if "match" in w and str(w["match"]) not in f.snippet:
        return False
    return not ("fingerprint" in w and f.fingerprint != w["fingerprint"])


def waived_in_metadata(f: Finding, doc: Document) -> bool:
    """Whether a valid waiver in the document's metadata names ``f``: the fixer leaves such
    a finding alone, as the report does (waivers are otherwise applied after the run)."""
    from seedlint.inline import with_inline_waivers

    return any(
        str(w.get("code", "")) and str(w.get("reason", "") or "").strip() and _waiver_covers(w, f)
        for w in _waivers({"seedlint": with_inline_waivers(doc)})
    )


def apply_waivers(findings: list[Finding], docs: dict[str, Document]) -> list[Finding]:
    """Mark findings waived by their document's metadata; report bad and unused waivers."""
    extra: list[Finding] = []
    by_doc: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_doc[f.document].append(f)
    from seedlint.inline import with_inline_waivers

    for doc_id, doc in docs.items():
        for i, w in enumerate(_waivers({"seedlint": with_inline_waivers(doc)})):
            code = str(w.get("code", ""))
            reason = str(w.get("reason", "") or "").strip()
            where = f"waiver #{i + 1} ({code or 'no code'})"
            at = 1
            if "inline" in w:  # a seedlint-disable comment: reported where it is written
                at = int(w["inline"])
                where = f"inline seedlint-disable ({code or 'no code'})"
            if not code or not reason:
                bad = Problem(
                    doc.path, "SL007", f"{where} needs both 'code' and 'reason'", doc_id, line=at
                )
                extra.append(problem_finding(bad))
                continue
            used = False
            for f in by_doc.get(doc_id, []):
                if f.waived or not _waiver_covers(w, f):
                    continue
                f.waived = reason
                used = True
            if not used:
                stale = Problem(doc.path, "SL008", f"{where} matched no finding", doc_id, line=at)
                extra.append(problem_finding(stale))
    return extra


def finalize_corpus(
    ruleset: RuleSet,
    collected: Mapping[str, Iterable[tuple[str, Any]]],
    docs: dict[str, Document],
) -> list[Finding]:
    return list(iter_corpus_findings(ruleset, collected, docs))


def iter_corpus_findings(
    ruleset: RuleSet,
    collected: Mapping[str, Iterable[tuple[str, Any]]],
    docs: dict[str, Document],
) -> Iterator[Finding]:
    """The corpus passes' findings, one at a time: a run sends them to its spool as they
    come instead of holding them (a corpus full of contradictions has many)."""
    for rule in ruleset.rules:
        if not rule.detector.corpus_wide:
            continue
        items = collected.get(rule.code, ())
        sev = ruleset.severity[rule.code]
        for ch in rule.detector.finalize(items):
            yield _corpus_finding(rule, ch, sev, docs)


def _corpus_finding(
    rule: LoadedRule, ch: CorpusHit, sev: Severity, docs: dict[str, Document]
) -> Finding:
    doc = docs.get(ch.doc_id) or Document(path=ch.path, text="", doc_id=ch.doc_id)
    hit = ch.hit
    if "match" not in hit.data and ch.snippet:
        hit.data["match"] = ch.snippet
    f = make_finding(rule, doc, hit, sev, pos=(ch.line, ch.column, ch.end_line, ch.end_column))
    if ch.snippet:
        f.snippet = ch.snippet[:SNIPPET_MAX]
    return f


def summarize(report: Report) -> None:
    s = Summary(documents=len(report.documents))
    # Counted by (code, category, severity) first: three dict updates and two enum
    # lookups per finding were most of the time with a hundred thousand findings.
    active: dict[tuple[str, Category, Severity], int] = {}
    get = active.get
    for f in report.findings:
        if f.waived:
            s.waived += 1
        elif f.baselined:
            s.baselined += 1
        else:
            key = (f.code, f.category, f.severity)
            active[key] = get(key, 0) + 1
    by_category: dict[str, int] = {}
    by_severity: dict[str, int] = {}
    by_code: dict[str, int] = {}
    for (code, category, severity), n in active.items():
        by_category[category.value] = by_category.get(category.value, 0) + n
        by_severity[severity.value] = by_severity.get(severity.value, 0) + n
        by_code[code] = by_code.get(code, 0) + n
    s.findings = sum(active.values())
    # Most severe first, as every summary lists them (not the order first seen).
    s.by_severity = {
        sev.value: by_severity[sev.value]
        for sev in sorted(Severity, key=lambda v: -v.rank)
        if sev.value in by_severity
    }
    s.fixed = sum(len(d.fixes) for d in report.documents)
    s.by_category = dict(sorted(by_category.items()))
    s.by_code = dict(sorted(by_code.items()))
    report.summary = s


def new_report(ruleset: RuleSet) -> Report:
    return Report(
        tool_version=__version__,
        config_digest=ruleset.digest(),
        fail_level=ruleset.cfg.fail_level,
    )


def source_options(cfg: Config) -> SourceOptions:
    opts = SourceOptions(
        exclude=list(cfg.exclude),
        max_bytes=cfg.max_file_bytes,
        text_field=cfg.text_field,
        id_field=cfg.id_field,
        respect_gitignore=cfg.respect_gitignore,
    )
    if cfg.include is not None:
        opts.include = list(cfg.include)
    return opts


def document_report(sf: SourceFile, doc: Document | None) -> DocumentReport:
    status = "ok" if not sf.problems or sf.documents else "unreadable"
    reason = "; ".join(p.message for p in sf.problems) if status == "unreadable" else None
    dr = DocumentReport(
        path=sf.path,
        document=doc.doc_id if doc else sf.path,
        sha256=sf.sha256,
        encoding=sf.encoding,
        status=status,
        reason=reason,
    )
    return refresh_facts(dr, doc) if doc is not None else dr


def refresh_facts(dr: DocumentReport, doc: Document) -> DocumentReport:
    """Copy what the detectors extracted (provenance, claims) into the document's entry."""
    prov = doc.facts.get("provenance")
    if isinstance(prov, dict):
        dr.provenance = prov
    claims = doc.facts.get("claims")
    if isinstance(claims, list):
        dr.claims = [ClaimRecord.model_validate(c) for c in claims]
    return dr


ProgressFn = Callable[[int, int], None]


def collect_into(
    collected: dict[str, list[tuple[str, Any]]], doc: Document, res: DocResult
) -> None:
    for code, data in res.collected.items():
        collected[code].append((doc.doc_id, data))


def iter_problems(sources: Iterable[SourceFile]) -> Iterable[Finding]:
    for sf in sources:
        for p in sf.problems:
            yield problem_finding(p)
