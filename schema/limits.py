"""What a GraphQL document may ask for, checked once per distinct document and cached.

Parsing stops at the token limit; validation adds depth, alias and directive limits to the
spec's rules, hides "did you mean" suggestions in production, and keeps introspection to
admins in production. Counts through fragments are memoised per fragment, so a document that
spreads fragments into each other cannot make the counting itself expensive.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
    parse,
    specified_rules,
    validate,
)
from strawberry.extensions import SchemaExtension
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator

from settings import GraphQLLimits

log = logging.getLogger("edugraph.graphql")

CACHE_SIZE = 512


@dataclass(frozen=True)
class Counts:
    aliases: int = 0
    directives: int = 0
    introspection: bool = False

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.aliases + other.aliases,
            self.directives + other.directives,
            self.introspection or other.introspection,
        )

    def times(self, n: int) -> Counts:
        return Counts(self.aliases * n, self.directives * n, self.introspection)


def count_document(document: DocumentNode) -> Counts:
    """Aliases and directives as executed (a fragment spread twice counts twice)."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    memo: dict[str, Counts] = {}
    visiting: set[str] = set()

    def directives(node: Any) -> int:
        return len(getattr(node, "directives", None) or ())

    def selection_set(sel: SelectionSetNode | None) -> Counts:
        total = Counts()
        if sel is None:
            return total
        for s in sel.selections:
            if isinstance(s, FieldNode):
                total = total + Counts(
                    aliases=1 if s.alias else 0,
                    directives=directives(s),
                    introspection=s.name.value in ("__schema", "__type"),
                )
                total = total + selection_set(s.selection_set)
            elif isinstance(s, InlineFragmentNode):
                total = total + Counts(directives=directives(s)) + selection_set(s.selection_set)
            elif isinstance(s, FragmentSpreadNode):
                total = total + Counts(directives=directives(s)) + fragment(s.name.value)
        return total

    def fragment(name: str) -> Counts:
        if name in memo:
            return memo[name]
        if name in visiting or name not in fragments:
            return Counts()  # cycles and unknown names are reported by the spec's rules
        visiting.add(name)
        definition = fragments[name]
        memo[name] = Counts(directives=directives(definition)) + selection_set(
            definition.selection_set
        )
        visiting.discard(name)
        return memo[name]

    total = Counts()
    for d in document.definitions:
        if isinstance(d, OperationDefinitionNode):
            total = total + Counts(directives=directives(d)) + selection_set(d.selection_set)
    return total


def _limit_rule(limits: GraphQLLimits) -> type[ValidationRule]:
    class LimitsRule(ValidationRule):
        def __init__(self, context: Any) -> None:
            super().__init__(context)
            counts = count_document(context.document)
            if counts.aliases > limits.max_aliases:
                context.report_error(
                    GraphQLError(f"{counts.aliases} aliases found. Allowed: {limits.max_aliases}.")
                )
            if counts.directives > limits.max_directives:
                context.report_error(
                    GraphQLError(
                        f"{counts.directives} directives found. Allowed: {limits.max_directives}."
                    )
                )

    return LimitsRule


@dataclass(frozen=True)
class CheckedDocument:
    document: DocumentNode | None
    errors: list[GraphQLError]
    introspection: bool


class DocumentChecker:
    """Parse and validate each distinct query text once (bounded LRU)."""

    def __init__(self, schema: GraphQLSchema, limits: GraphQLLimits, hide_suggestions: bool):
        rules = [*specified_rules, depth_validator(limits.max_depth, None), _limit_rule(limits)]
        self.max_tokens = limits.max_tokens

        @lru_cache(maxsize=CACHE_SIZE)
        def check(query: str) -> CheckedDocument:
            try:
                document = parse(query, max_tokens=limits.max_tokens)
            except GraphQLError as exc:
                return CheckedDocument(None, [exc], False)
            errors = validate(schema, document, rules, hide_suggestions=hide_suggestions)
            return CheckedDocument(document, errors, count_document(document).introspection)

        self.check: Callable[[str], CheckedDocument] = check


def document_gate(
    checker: Callable[[], DocumentChecker],
    introspection_allowed: Callable[[Any], bool],
) -> type[SchemaExtension]:
    """A schema extension that uses the cached check in place of strawberry's parse/validate."""

    class DocumentGate(SchemaExtension):
        def on_parse(self) -> Iterator[None]:
            ec = self.execution_context
            ec.parse_options["max_tokens"] = checker().max_tokens
            if ec.query:
                checked = checker().check(ec.query)
                if checked.document is not None:
                    ec.graphql_document = checked.document
            yield

        def on_validate(self) -> Iterator[None]:
            ec = self.execution_context
            if ec.query:
                checked = checker().check(ec.query)
                errors = list(checked.errors)
                if not errors and checked.introspection and not introspection_allowed(ec.context):
                    errors.append(
                        GraphQLError(
                            "Introspection is not allowed.",
                            extensions={"code": "FORBIDDEN"},
                        )
                    )
                ec.pre_execution_errors = errors
                if errors:
                    log.info(
                        "graphql request rejected: %s (%d chars)",
                        errors[0].message[:200],
                        len(ec.query),
                    )
            yield

    return DocumentGate
