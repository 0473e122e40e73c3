"""Planned execution of query operations: the same answers as graphql-core, level by level.

graphql-core completes every output field on its own (an info object, a path, a coroutine, a
completion step): about 14 µs a field, which dominates a response of tens of thousands of
fields. This executor plans a validated query once per document, operation and directive
variables, then runs each selection set for all parent objects of a level together:

- plain fields are read straight off the objects;
- fields with a resolver call the very same strawberry resolver graphql-core would call (so
  arguments, permissions, rules and errors are shared), all parents at once, so their
  dataloaders batch one statement per level;
- a field may register a batch resolver (`register_batch`) that answers for all parents in one
  call, where even one coroutine per parent is too much; the field's own resolver then asks
  that same function for one parent (`resolve_one`), so each rule is written once;
- leaves are serialised by the schema's own scalar and enum types;
- errors are located and propagate as null to the nearest nullable parent, as the spec says.

Anything it cannot plan (mutations, subscriptions, introspection, a failed variable coercion)
is declined, counted, and runs on strawberry's ordinary execution.
"""

from __future__ import annotations

import asyncio
import inspect as pyinspect
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from graphql import (
    GRAPHQL_MAX_INT,
    GRAPHQL_MIN_INT,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLAbstractType,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLString,
    OperationDefinitionNode,
    OperationType,
    located_error,
)
from graphql.execution.collect_fields import (
    FieldDetails,
    FragmentDetails,
    collect_fields,
    collect_subfields,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from graphql.language import DirectiveNode, VariableNode, Visitor, visit
from graphql.pyutils import Path, Undefined
from graphql.pyutils import inspect as gql_inspect
from graphql.type import GraphQLResolveInfoHelpers, is_abstract_type, is_leaf_type
from strawberry.schema.schema import _OperationContextAwareGraphQLResolveInfo as ResolveInfo
from strawberry.schema.types.base_scalars import isoformat
from strawberry.types.arguments import convert_arguments

from observability import metrics

MIN_INT, MAX_INT = GRAPHQL_MIN_INT, GRAPHQL_MAX_INT
log = logging.getLogger(__name__)

# A null travelling upward after its error was recorded, until a nullable position stops it.
BUBBLE: Any = object()

BatchResolver = Callable[[Any, Sequence[Any], dict[str, Any]], Awaitable[Sequence[Any]]]
# Keyed by the field's resolver function itself (`Group.teacher`), not by names: renaming the
# field's method fails at import, and a key no field of the app's schema resolves with fails
# when the schema is built (`check_batch_registry`), instead of silently taking the slow path.
_BATCH: dict[Callable[..., Any], BatchResolver] = {}


def register_batch(resolver: Callable[..., Any], fn: BatchResolver) -> None:
    """Resolve the field whose resolver is `resolver` for all parents of a level in one call:
    `await fn(context, parents, arguments)` returns one value (or Exception) per parent. The
    field's own resolver should be `resolve_one(fn, ...)`, so the rule is written once."""
    if not callable(resolver):
        raise TypeError(f"register_batch takes a field's resolver function, not {resolver!r}")
    if resolver in _BATCH:
        raise ValueError(f"a batch resolver for {resolver.__qualname__} is registered already")
    _BATCH[resolver] = fn


async def resolve_one(
    fn: BatchResolver, context: Any, parent: Any, arguments: dict[str, Any] | None = None
) -> Any:
    """A batch resolver asked for one parent: what the ordinary executor's field calls."""
    (value,) = await fn(context, [parent], arguments or {})
    if isinstance(value, Exception):
        raise value
    return value


def _field_resolver(strawberry_field: Any) -> Callable[..., Any] | None:
    base = getattr(strawberry_field, "base_resolver", None)
    return getattr(base, "wrapped_func", None) if base is not None else None


def check_batch_registry(schema: GraphQLSchema) -> None:
    """Every registered batch resolver belongs to a field of `schema`."""
    used = {
        _field_resolver((f.extensions or {}).get("strawberry-definition"))
        for t in schema.type_map.values()
        if isinstance(t, GraphQLObjectType)
        for f in t.fields.values()
    }
    stray = [r.__qualname__ for r in _BATCH if r not in used]
    if stray:
        raise RuntimeError(f"batch resolvers registered for no field of the schema: {stray}")


def convert_once(rows: Sequence[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """`convert` each distinct row once (None stays None): parents that share a row, like 500
    students of one group, share its converted object instead of building 500 copies."""
    done: dict[int, Any] = {}
    out: list[Any] = []
    for row in rows:
        if row is None:
            out.append(None)
            continue
        converted = done.get(id(row))
        if converted is None:
            converted = done[id(row)] = convert(row)
        out.append(converted)
    return out


class _Failure:
    __slots__ = ("error",)

    def __init__(self, error: Exception) -> None:
        self.error = error


@dataclass(eq=False)
class FieldPlan:
    response_key: str
    field_name: str
    parent_type: GraphQLObjectType
    field_def: GraphQLField | None
    details: list[FieldDetails]
    return_type: GraphQLOutputType | None
    kind: str  # "typename", "attr", "inline", "resolve", "direct", "batch"
    python_name: str | None = None
    function: Callable[[Any], Any] | None = None  # "inline": the resolver, called with the parent
    strawberry_field: Any = None
    batch: BatchResolver | None = None
    has_arguments: bool = False
    children: dict[str, SelectionPlan] = field(default_factory=dict)
    nodes: list[FieldNode] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.nodes = [d.node for d in self.details]


@dataclass(eq=False)
class SelectionPlan:
    type: GraphQLObjectType
    fields: list[FieldPlan]
    assembly: Assembly | None = None


@dataclass(eq=False)
class OperationPlan:
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDetails]
    fragment_nodes: dict[str, FragmentDefinitionNode]
    root: SelectionPlan
    planner: Planner
    variable_values: VariableValues

    def child(self, fp: FieldPlan, runtime_type: GraphQLObjectType) -> SelectionPlan:
        """The sub-selection for one runtime type, collected on first use and kept."""
        plan = fp.children.get(runtime_type.name)
        if plan is None:
            collected = collect_subfields(
                self.planner.schema,
                self.fragments,
                self.variable_values,
                self.operation,
                runtime_type,
                fp.details,
            )
            plan = self.planner.selection(runtime_type, collected.grouped_field_set)
            fp.children[runtime_type.name] = plan
        return plan


class Declined(Exception):
    """The planner will not run this operation; the ordinary executor will."""


def _parent_function(resolver: Any) -> Callable[[Any], Any] | None:
    """The resolver's function when it is a plain synchronous function of the parent alone
    (`self`, `root` or a `strawberry.Parent`; no info, no arguments): the planner calls it as
    `function(parent)`, as cheap as reading an attribute. (A `def` that returns an awaitable
    is taken at its word: its value is what it returns; write an `async def` instead.)"""
    if resolver.is_async or resolver.arguments or resolver.info_parameter is not None:
        return None
    func = resolver.wrapped_func
    parameters = list(pyinspect.signature(func).parameters.values())
    if len(parameters) != 1 or parameters[0].kind not in (
        pyinspect.Parameter.POSITIONAL_ONLY,
        pyinspect.Parameter.POSITIONAL_OR_KEYWORD,
    ):
        return None
    parent = (resolver.self_parameter, resolver.root_parameter, resolver.parent_parameter)
    if not any(p is not None and p.name == parameters[0].name for p in parent):
        return None
    return func


def _directive_variables(document: DocumentNode) -> tuple[str, ...]:
    """Names of variables that @skip/@include read: they shape the plan."""
    names: list[str] = []

    class Finder(Visitor):
        def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
            if node.name.value in ("skip", "include"):
                for arg in node.arguments or ():
                    if isinstance(arg.value, VariableNode):
                        names.append(arg.value.name.value)

    visit(document, Finder())
    return tuple(sorted(set(names)))


class Planner:
    """Plans and runs query operations over one strawberry schema.

    `serializers` replace the serialiser of the named leaf types (a REST dialect writes times
    its own way). With `native_datetimes`, UTC datetimes of the DateTime scalar are left in the
    result for orjson, which writes them exactly as the scalar's isoformat() would: the result
    is then for orjson to encode (the HTTP layer does), not for the standard json module.
    """

    def __init__(
        self,
        strawberry_schema: Any,
        cache_size: int = 256,
        *,
        serializers: dict[str, Callable[[Any], Any]] | None = None,
        native_datetimes: bool = True,
    ) -> None:
        self.strawberry_schema = strawberry_schema
        self.serializers = dict(serializers or {})
        self.native_datetimes = native_datetimes
        self.schema: GraphQLSchema = strawberry_schema._schema
        self.scalar_registry = strawberry_schema.schema_converter.scalar_registry
        self.config = strawberry_schema.config
        # Exception handlers change what a resolver's error becomes: with any, every field goes
        # through strawberry's own resolver wrapper (no direct calls, no batch resolvers).
        self.direct_calls = not tuple(strawberry_schema.exception_handlers)
        self.cache_size = cache_size
        self._plans: dict[tuple[int, str | None, tuple[Any, ...]], OperationPlan] = {}
        self._directive_vars: dict[int, tuple[DocumentNode, tuple[str, ...]]] = {}
        self.stats: Counter[str] = Counter()

    # -- leaves --------------------------------------------------------------------------------

    def serializer(self, leaf: Any) -> Callable[[Any], Any]:
        """What turns a value of the scalar or enum type `leaf` into its response value."""
        own = self.serializers.get(leaf.name)
        return own if own is not None else leaf.coerce_output_value

    def unchanged_type(self, leaf: Any) -> type | None:
        """The type whose values `leaf`'s serialiser returns as they are, when that is all it
        takes to know (String and ID: str; Boolean: bool)."""
        if leaf.name in self.serializers:
            return None
        if leaf is GraphQLString or leaf is GraphQLID:
            return str
        return bool if leaf is GraphQLBoolean else None

    def needs_serialiser(self, leaf: Any, var: str, namespace: dict[str, Any]) -> str | None:
        """A condition (Python source, over the variable `var`, with what it uses put into
        `namespace`) under which the value needs `leaf`'s serialiser; when it is false, the
        serialiser would return the value as it is, or orjson writes it as the serialiser would.
        None when every value needs the serialiser."""
        if leaf.name in self.serializers:
            return None
        if leaf is GraphQLString or leaf is GraphQLID:
            return f"type({var}) is not str"
        if leaf is GraphQLBoolean:
            return f"type({var}) is not bool"
        if leaf is GraphQLInt:
            return f"type({var}) is not int or not {MIN_INT} <= {var} <= {MAX_INT}"
        if leaf is GraphQLFloat:  # a finite float: NaN and infinity leave `v - v` non-zero
            return f"type({var}) is not float or {var} - {var}"
        if self.native_datetimes and leaf.name == "DateTime" and leaf.serialize is isoformat:
            namespace["datetime"], namespace["UTC"] = datetime, UTC
            return f"type({var}) is not datetime or {var}.tzinfo is not UTC"
        return None

    # -- planning ------------------------------------------------------------------------------

    def plan(
        self, document: DocumentNode, operation_name: str | None, raw_variables: dict[str, Any]
    ) -> tuple[OperationPlan, VariableValues]:
        operation: OperationDefinitionNode | None = None
        fragments: dict[str, FragmentDetails] = {}
        fragment_nodes: dict[str, FragmentDefinitionNode] = {}
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                if operation_name is None:
                    if operation is not None:
                        raise Declined("several operations, none named")
                    operation = definition
                elif definition.name and definition.name.value == operation_name:
                    operation = definition
            elif isinstance(definition, FragmentDefinitionNode):
                if definition.variable_definitions:
                    raise Declined("fragment variables")
                fragments[definition.name.value] = FragmentDetails(definition)
                fragment_nodes[definition.name.value] = definition
        if operation is None:
            raise Declined("no such operation")
        if operation.operation is not OperationType.QUERY:
            raise Declined(operation.operation.value)
        variable_values = get_variable_values(
            self.schema, operation.variable_definitions or (), raw_variables or {}
        )
        if not isinstance(variable_values, VariableValues):
            raise Declined("variable coercion failed")

        doc_key = id(document)
        known = self._directive_vars.get(doc_key)
        if known is not None and known[0] is document:
            names = known[1]
        else:
            names = _directive_variables(document)
            if len(self._directive_vars) >= self.cache_size:
                self._directive_vars.pop(next(iter(self._directive_vars)))
            # Holding the document keeps its id from being reused while the entry lives.
            self._directive_vars[doc_key] = (document, names)
        signature = tuple(repr(variable_values.coerced.get(n)) for n in names)
        key = (doc_key, operation_name, signature)
        cached = self._plans.get(key)
        if cached is not None and cached.operation is operation:
            return cached, variable_values

        root_type = self.schema.query_type
        assert root_type is not None
        collected = collect_fields(self.schema, fragments, variable_values, root_type, operation)
        plan = OperationPlan(
            operation=operation,
            fragments=fragments,
            fragment_nodes=fragment_nodes,
            root=self.selection(root_type, collected.grouped_field_set),
            planner=self,
            variable_values=variable_values,
        )
        if len(self._plans) >= self.cache_size:
            self._plans.pop(next(iter(self._plans)))
        self._plans[key] = plan
        return plan, variable_values

    def selection(
        self, parent: GraphQLObjectType, grouped: dict[str, list[FieldDetails]]
    ) -> SelectionPlan:
        fields = []
        for key, details in grouped.items():
            name = details[0].node.name.value
            if name == "__typename":
                fields.append(FieldPlan(key, name, parent, None, details, None, "typename"))
                continue
            if name.startswith("__"):
                raise Declined("introspection")
            field_def = parent.fields.get(name)
            if field_def is None:
                raise Declined(f"unknown field {parent.name}.{name}")
            strawberry_field = (field_def.extensions or {}).get("strawberry-definition")
            resolver = _field_resolver(strawberry_field)
            batch = _BATCH.get(resolver) if resolver is not None and self.direct_calls else None
            resolve = field_def.resolve
            function = None
            if batch is not None:
                kind = "batch"
            elif resolve is None or getattr(resolve, "_is_default", False):
                kind = "attr"
            elif (
                self.direct_calls
                and strawberry_field is not None
                and strawberry_field.base_resolver is not None
                and not strawberry_field.extensions
            ):
                # No field extensions (permission classes, ...): call the resolver function
                # itself, with arguments converted once per level, as strawberry would; a plain
                # function of the parent alone is called inline, like reading an attribute.
                function = _parent_function(strawberry_field.base_resolver)
                kind = "direct" if function is None else "inline"
            else:
                kind = "resolve"
            fields.append(
                FieldPlan(
                    key,
                    name,
                    parent,
                    field_def,
                    details,
                    field_def.type,
                    kind,
                    python_name=getattr(strawberry_field, "python_name", name),
                    batch=batch,
                    has_arguments=bool(field_def.args),
                    strawberry_field=strawberry_field,
                    function=function,
                )
            )
        return SelectionPlan(parent, fields)

    # -- execution -----------------------------------------------------------------------------

    async def execute(
        self, plan: OperationPlan, variable_values: VariableValues, context: Any
    ) -> tuple[dict[str, Any] | None, list[GraphQLError]]:
        run = _Run(self, plan, variable_values, context)
        root = await run.selection(plan.root, [None], [None])
        data = root[0]
        return (None if data is BUBBLE else data), run.errors


# A response position, built cheaply as nested tuples (parent, key, parent type name) and
# turned into a graphql-core Path only when an error or a resolver's info needs one.
Pos = tuple[Any, Any, Any] | None


def to_path(pos: Pos) -> Path | None:
    if pos is None:
        return None
    parent, key, typename = pos
    return Path(to_path(parent), key, typename)


class _LazyResolveInfo:
    """The resolve info graphql-core would pass, built on first use: most resolvers only read
    `context`, which is there from the start."""

    __slots__ = ("_fp", "_pos", "_real", "_run", "context")

    def __init__(self, run: _Run, fp: FieldPlan, pos: Pos) -> None:
        self._run = run
        self._fp = fp
        self._pos = pos
        self._real: Any = None
        self.context = run.context

    def __getattr__(self, name: str) -> Any:
        if self._real is None:
            path = to_path(self._pos)
            assert path is not None
            self._real = self._run.info(self._fp, path)
        return getattr(self._real, name)


class _Fallback(Exception):
    """The generated assembly met a value it does not handle; the general path takes over."""


class _Run:
    """One execution of a plan: its variables, context, arguments and errors."""

    def __init__(
        self, planner: Planner, plan: OperationPlan, variables: VariableValues, context: Any
    ) -> None:
        self.planner = planner
        self.schema = planner.schema
        self.plan = plan
        self.variables = variables
        self.context = context
        self.errors: list[GraphQLError] = []
        self._args: dict[int, dict[str, Any]] = {}
        self.helpers = GraphQLResolveInfoHelpers(self._gather, lambda _values: None)

    @staticmethod
    async def _gather(values: Sequence[Awaitable[Any]]) -> list[Any]:
        return list(await asyncio.gather(*values))

    def arguments(self, fp: FieldPlan) -> dict[str, Any]:
        if not fp.has_arguments:
            return {}
        args = self._args.get(id(fp))
        if args is None:
            assert fp.field_def is not None
            detail = fp.details[0]
            args = get_argument_values(
                fp.field_def, detail.node, self.variables, detail.fragment_variable_values
            )
            self._args[id(fp)] = args
        return args

    def info(self, fp: FieldPlan, path: Path) -> Any:
        assert fp.return_type is not None
        return ResolveInfo(
            fp.field_name,
            fp.nodes,
            fp.return_type,
            fp.parent_type,
            path,
            self.schema,
            self.plan.fragment_nodes,
            None,
            self.plan.operation,
            self.variables.coerced,
            self.context,
            pyinspect.isawaitable,
            None,
            self.helpers,
            None,  # type: ignore[arg-type]  # no operation extensions on the planned path
        )

    def direct_calls(self, fp: FieldPlan, args: dict[str, Any]) -> Callable[[Any, Pos], Any]:
        """A caller of the field's resolver function for one level: what strawberry's wrapper
        does per call (argument conversion, Info) done once, or only when asked for."""
        sf = fp.strawberry_field
        resolver = sf.base_resolver
        func = resolver.wrapped_func
        kwargs = (
            convert_arguments(
                args,
                sf.arguments,
                scalar_registry=self.planner.scalar_registry,
                config=self.planner.config,
            )
            if args
            else {}
        )
        takes_self = resolver.self_parameter is not None
        source_names = [
            p.name for p in (resolver.root_parameter, resolver.parent_parameter) if p is not None
        ]
        info_name = resolver.info_parameter.name if resolver.info_parameter else None
        info_class = self.planner.config.info_class

        def call(source: Any, parent: Pos) -> Any:
            call_kwargs = dict(kwargs)
            for name in source_names:
                call_kwargs[name] = source
            if info_name is not None:
                raw = _LazyResolveInfo(self, fp, (parent, fp.response_key, fp.parent_type.name))
                call_kwargs[info_name] = info_class(_raw_info=raw, _field=sf)
            return func(source, **call_kwargs) if takes_self else func(**call_kwargs)

        return call

    def fail(self, fp: FieldPlan, error: Exception, pos: Pos) -> None:
        path = to_path(pos)
        self.errors.append(located_error(error, fp.nodes, path.as_list() if path else None))

    @staticmethod
    def pos(parent: Pos, fp: FieldPlan) -> Pos:
        return (parent, fp.response_key, fp.parent_type.name)

    @staticmethod
    def null_error(fp: FieldPlan) -> TypeError:
        return TypeError(
            f"Cannot return null for non-nullable field {fp.parent_type.name}.{fp.field_name}."
        )

    # -- a selection set for many objects of one runtime type -----------------------------------

    async def selection(
        self, plan: SelectionPlan, sources: list[Any], parents: list[Pos]
    ) -> list[Any]:
        assembly = plan_assembly(plan, self.planner)
        slow = assembly.slow
        columns: list[Any] = []
        if len(slow) == 1:
            columns = [await self.field(slow[0], sources, parents)]
        elif slow:
            # Side by side, so their loaders batch together; stepped here rather than as a Task
            # each (see _settle). A field records its own errors: one it raises is a bug.
            columns = [None] * len(slow)
            await _settle(
                [(i, self.field(fp, sources, parents)) for i, fp in enumerate(slow)], columns
            )
            for column in columns:
                if isinstance(column, _Failure):
                    raise column.error
        if assembly.generated is not None:
            try:
                return assembly.generated(sources, columns)
            except _Fallback:
                # A value it does not pass as it is (an error, a null in a non-null field):
                # the general assembly finds and locates it.
                self.planner.stats["assembly fallback: a value to check"] += 1
            except Exception as exc:
                # Anything else is a fault of the generated code: counted by kind like any
                # decline (and logged once per kind), answered by the general assembly.
                reason = f"assembly failed: {type(exc).__name__}"
                if not self.planner.stats[reason]:
                    log.exception("generated assembly failed; the general one answers")
                self.planner.stats[reason] += 1
        return self.assemble(plan, sources, parents, columns)

    def assemble(
        self, plan: SelectionPlan, sources: list[Any], parents: list[Pos], slow: list[list[Any]]
    ) -> list[Any]:
        """The general assembly: leaves read and checked one by one, errors recorded."""
        columns: list[list[Any]] = []
        slow_iter = iter(slow)
        for fp in plan.fields:
            if fp.kind == "typename":
                columns.append([plan.type.name] * len(sources))
            elif _is_fast(fp):
                columns.append(self.plain_leaves(fp, sources, parents))
            else:
                columns.append(next(slow_iter))
        keys = [fp.response_key for fp in plan.fields]
        out: list[Any] = []
        for i in range(len(sources)):
            obj: dict[str, Any] | Any = {}
            for key, column in zip(keys, columns, strict=True):
                value = column[i]
                if value is BUBBLE:
                    obj = BUBBLE
                    break
                obj[key] = value
            out.append(obj)
        return out

    def plain_leaves(self, fp: FieldPlan, sources: list[Any], parents: list[Pos]) -> list[Any]:
        """Attribute leaves: read, serialise, check null, without any awaiting."""
        assert fp.return_type is not None
        return self.complete_leaves(fp, fp.return_type, _read(fp, sources), parents)

    def complete_leaves(
        self, fp: FieldPlan, type_: GraphQLOutputType, values: list[Any], parents: list[Pos]
    ) -> list[Any]:
        non_null = isinstance(type_, GraphQLNonNull)
        leaf = type_.of_type if non_null else type_  # type: ignore[union-attr]
        coerce = self.planner.serializer(leaf)
        out: list[Any] = []
        for value, parent in zip(values, parents, strict=True):
            if value is None or value is Undefined:
                result: Any = None
            elif isinstance(value, _Failure):
                self.fail(fp, value.error, self.pos(parent, fp))
                result = BUBBLE
            else:
                try:
                    result = coerce(value)
                    if result is None or result is Undefined:
                        raise TypeError(
                            f"Expected `{gql_inspect(leaf)}.coerce_output_value("
                            f"{gql_inspect(value)})` to return non-nullable value, returned:"
                            f" {gql_inspect(result)}"
                        )
                except Exception as exc:
                    self.fail(fp, exc, self.pos(parent, fp))
                    result = BUBBLE
            if result is None and non_null:
                self.fail(fp, self.null_error(fp), self.pos(parent, fp))
                result = BUBBLE
            elif result is BUBBLE and not non_null:
                result = None
            out.append(result)
        return out

    # -- one field for many parents ------------------------------------------------------------

    async def field(self, fp: FieldPlan, sources: list[Any], parents: list[Pos]) -> list[Any]:
        values = await self.resolve(fp, sources, parents)
        assert fp.return_type is not None
        positions: list[Pos] = [(p, fp.response_key, fp.parent_type.name) for p in parents]
        return await self.complete(fp, fp.return_type, values, positions)

    async def resolve(self, fp: FieldPlan, sources: list[Any], parents: list[Pos]) -> list[Any]:
        if fp.kind == "attr":
            return _read(fp, sources)
        if fp.kind == "inline":
            values = _read(fp, sources)
            pending = [(i, v) for i, v in enumerate(values) if pyinspect.isawaitable(v)]
            if pending:
                await _settle(pending, values)
            return values
        args = self.arguments(fp)
        if fp.kind == "batch":
            assert fp.batch is not None
            try:
                results = list(await fp.batch(self.context, sources, args))
            except Exception as exc:
                return [_Failure(exc)] * len(sources)
            return [_Failure(r) if isinstance(r, Exception) else r for r in results]
        assert fp.field_def is not None and fp.field_def.resolve is not None
        resolve = fp.field_def.resolve
        calls = self.direct_calls(fp, args) if fp.kind == "direct" else None
        values = []
        waiting: list[tuple[int, Any]] = []
        for index, (source, parent) in enumerate(zip(sources, parents, strict=True)):
            try:
                if calls is not None:
                    result = calls(source, parent)
                else:
                    path = to_path(self.pos(parent, fp))
                    assert path is not None
                    result = resolve(source, self.info(fp, path), **args)
            except Exception as exc:
                values.append(_Failure(exc))
                continue
            if pyinspect.isawaitable(result):
                waiting.append((index, result))
            values.append(result)
        if waiting:
            await _settle(waiting, values)
        return values

    async def complete(
        self, fp: FieldPlan, type_: GraphQLOutputType, values: list[Any], positions: list[Pos]
    ) -> list[Any]:
        if isinstance(type_, GraphQLNonNull):
            inner = await self.complete_inner(fp, type_.of_type, values, positions)
            for i, value in enumerate(inner):
                if value is None:
                    self.fail(fp, self.null_error(fp), positions[i])
                    inner[i] = BUBBLE
            return inner
        inner = await self.complete_inner(fp, type_, values, positions)
        return [None if v is BUBBLE else v for v in inner]

    async def complete_inner(
        self, fp: FieldPlan, type_: GraphQLOutputType, values: list[Any], positions: list[Pos]
    ) -> list[Any]:
        out: list[Any] = [None] * len(values)
        live = [
            i
            for i, v in enumerate(values)
            if v is not None and v is not Undefined and type(v) is not _Failure
        ]
        if len(live) != len(values):
            for i, value in enumerate(values):
                if type(value) is _Failure:
                    self.fail(fp, value.error, positions[i])
                    out[i] = BUBBLE
            if not live:
                return out

        if is_leaf_type(type_):
            coerce = self.planner.serializer(type_)
            same = self.planner.unchanged_type(type_)
            for i in live:
                if type(values[i]) is same:
                    out[i] = values[i]
                    continue
                try:
                    result = coerce(values[i])
                    if result is None or result is Undefined:
                        raise TypeError(
                            f"Expected `{gql_inspect(type_)}.coerce_output_value("
                            f"{gql_inspect(values[i])})` to return non-nullable value,"
                            f" returned: {gql_inspect(result)}"
                        )
                    out[i] = result
                except Exception as exc:
                    self.fail(fp, exc, positions[i])
                    out[i] = BUBBLE
            return out

        if isinstance(type_, GraphQLList):
            item_type = type_.of_type
            flat: list[Any] = []
            flat_positions: list[Pos] = []
            spans: list[tuple[int, int, int]] = []
            for i in live:
                value = values[i]
                if type(value) is not list and (
                    isinstance(value, str | bytes | dict) or not hasattr(value, "__iter__")
                ):
                    self.fail(
                        fp,
                        GraphQLError(
                            "Expected Iterable, but did not find one for field"
                            f" '{fp.parent_type.name}.{fp.field_name}'."
                        ),
                        positions[i],
                    )
                    out[i] = BUBBLE
                    continue
                start = len(flat)
                flat.extend(value)
                position = positions[i]
                flat_positions.extend([(position, j, None) for j in range(len(flat) - start)])
                spans.append((i, start, len(flat)))
            items = await self.complete(fp, item_type, flat, flat_positions) if flat else []
            for i, start, end in spans:
                chunk = items[start:end]
                out[i] = BUBBLE if BUBBLE in chunk else chunk
            return out

        if isinstance(type_, GraphQLObjectType):
            # One runtime type: the selection runs once over every live value.
            everything = len(live) == len(values)
            completed = await self.selection(
                self.plan.child(fp, type_),
                values if everything else [values[i] for i in live],
                positions if everything else [positions[i] for i in live],
            )
            for i, obj in zip(live, completed, strict=True):
                out[i] = obj
            return out

        # interfaces and unions: group by runtime type, run each group's selection once
        groups: dict[str, tuple[GraphQLObjectType, list[int]]] = {}
        for i in live:
            try:
                runtime = self.runtime_type(fp, type_, values[i], positions[i])
            except Exception as exc:
                self.fail(fp, exc, positions[i])
                out[i] = BUBBLE
                continue
            groups.setdefault(runtime.name, (runtime, []))[1].append(i)
        if len(groups) == 1:
            ((runtime, indexes),) = groups.values()
            completed = await self.selection(
                self.plan.child(fp, runtime),
                [values[i] for i in indexes],
                [positions[i] for i in indexes],
            )
            for i, obj in zip(indexes, completed, strict=True):
                out[i] = obj
            return out
        results = await asyncio.gather(
            *(
                self.selection(
                    self.plan.child(fp, runtime),
                    [values[i] for i in indexes],
                    [positions[i] for i in indexes],
                )
                for runtime, indexes in groups.values()
            )
        )
        for (_, indexes), completed in zip(groups.values(), results, strict=True):
            for i, obj in zip(indexes, completed, strict=True):
                out[i] = obj
        return out

    def runtime_type(
        self, fp: FieldPlan, type_: GraphQLOutputType, value: Any, pos: Pos
    ) -> GraphQLObjectType:
        if isinstance(type_, GraphQLObjectType):
            return type_
        assert is_abstract_type(type_)
        abstract: GraphQLAbstractType = type_
        definition = getattr(type(value), "__strawberry_definition__", None)
        name = getattr(definition, "name", None)
        if name is None and abstract.resolve_type is not None:
            path = to_path(pos)
            assert path is not None
            name = abstract.resolve_type(value, self.info(fp, path), abstract)
        runtime = self.schema.get_type(name) if isinstance(name, str) else None
        if not isinstance(runtime, GraphQLObjectType) or not self.schema.is_sub_type(
            abstract, runtime
        ):
            raise GraphQLError(
                f"Abstract type '{abstract.name}' must resolve to an Object type at runtime"
                f" for field '{fp.parent_type.name}.{fp.field_name}'."
            )
        return runtime


async def _settle(waiting: list[tuple[int, Any]], values: list[Any]) -> None:
    """Finish the resolvers' awaitables, writing each result (or _Failure) into `values`.

    Coroutines are stepped here rather than wrapped in a Task each: most finish at once or
    wait on one dataloader future, and a Task per parent costs more than the resolver itself.
    Whatever a coroutine waits on is awaited here, so dataloaders batch as they would.
    """
    blocked: list[tuple[int, Any, Any]] = []

    def step(index: int, coroutine: Any) -> None:
        try:
            awaited = coroutine.send(None)
        except StopIteration as stop:
            values[index] = stop.value
            return
        except Exception as exc:
            values[index] = _Failure(exc)
            return
        if awaited is not None:
            # What a Task does with a future a coroutine yields: take it over, wait for it.
            awaited._asyncio_future_blocking = False
        blocked.append((index, coroutine, awaited))

    for index, awaitable in waiting:
        if asyncio.iscoroutine(awaitable):
            step(index, awaitable)
        else:
            blocked.append((index, None, asyncio.ensure_future(awaitable)))
    try:
        while blocked:
            # Many coroutines usually wait on the same few loader futures: wait for those.
            # Only a bare yield (a coroutine awaiting nothing) needs a mere pass of the loop.
            futures = set()
            bare = False
            for _, _, future in blocked:
                if future is None:
                    bare = True
                else:
                    futures.add(future)
            if bare:
                await asyncio.sleep(0)
            else:
                await asyncio.wait(futures, return_when=asyncio.FIRST_COMPLETED)
            ready: list[Any] = []
            waiting_still: list[Any] = []
            for b in blocked:
                (ready if b[2] is None or b[2].done() else waiting_still).append(b)
            blocked[:] = waiting_still
            for index, coroutine, future in ready:
                if coroutine is None:
                    error = future.exception()
                    values[index] = _Failure(error) if error else future.result()
                else:
                    step(index, coroutine)
    finally:
        for _, coroutine, _ in blocked:
            if coroutine is not None:
                coroutine.close()


@dataclass(eq=False)
class Assembly:
    """How a selection's objects are put together: the fields resolved beforehand (`slow`)
    and, when every other field is a plain attribute leaf, a generated function that builds
    all the objects' dicts in one loop."""

    slow: list[FieldPlan]
    generated: Callable[[list[Any], list[list[Any]]], list[Any]] | None


def _is_fast(fp: FieldPlan) -> bool:
    return (
        fp.kind in ("attr", "inline")
        and fp.return_type is not None
        and _is_plain_leaf(fp.return_type)
    )


def _read(fp: FieldPlan, sources: list[Any]) -> list[Any]:
    """The field's value on each source (an attribute, or an inline function of it); a raised
    exception becomes a _Failure in its place."""
    values: list[Any] = []
    read = fp.function
    name = fp.python_name or fp.field_name
    for source in sources:
        try:
            values.append(read(source) if read is not None else getattr(source, name))
        except Exception as exc:
            values.append(_Failure(exc))
    return values


def plan_assembly(plan: SelectionPlan, planner: Planner) -> Assembly:
    cached = plan.assembly
    if cached is None:
        cached = plan.assembly = _build_assembly(plan, planner)
    return cached


def _build_assembly(plan: SelectionPlan, planner: Planner) -> Assembly:
    slow = [fp for fp in plan.fields if fp.kind != "typename" and not _is_fast(fp)]
    namespace: dict[str, Any] = {"BUBBLE": BUBBLE, "Fallback": _Fallback, "Undefined": Undefined}
    reads: list[str] = []  # every leaf is read and checked first, as the general path does
    checks: list[str] = []  # then a slow field's bubbling null nulls the object
    entries: list[str] = []
    slow_index = 0
    for k, fp in enumerate(plan.fields):
        key = repr(fp.response_key)
        if fp.kind == "typename":
            entries.append(f"{key}: {plan.type.name!r}")
            continue
        if not _is_fast(fp):
            checks.append(f"        v{k} = c{slow_index}[i]")
            checks.append(f"        if v{k} is BUBBLE:")
            checks.append("            append(BUBBLE)")
            checks.append("            continue")
            slow_index += 1
            entries.append(f"{key}: v{k}")
            continue
        assert fp.return_type is not None
        non_null = isinstance(fp.return_type, GraphQLNonNull)
        leaf = fp.return_type.of_type if non_null else fp.return_type  # type: ignore[union-attr]
        v = f"v{k}"
        if fp.function is not None:
            namespace[f"f{k}"] = fp.function
            reads.append(f"        {v} = f{k}(s)")
        else:
            attr = fp.python_name or fp.field_name
            if not attr.isidentifier():
                return Assembly(slow, None)
            reads.append(f"        {v} = s.{attr}")
        namespace[f"ser{k}"] = planner.serializer(leaf)
        serialise = [
            f"{v} = ser{k}({v})",
            f"if {v} is None or {v} is Undefined: raise Fallback",
        ]
        # A value the serialiser would return unchanged (or orjson would write as it would)
        # skips the call: most leaves of a large response are such values.
        fast = planner.needs_serialiser(leaf, v, namespace)
        if fast is not None:
            serialise = [f"if {fast}:", *(f"    {line}" for line in serialise)]
        elif isinstance(leaf, GraphQLEnumType) and planner.serializers.get(leaf.name) is None:
            namespace[f"E{k}"] = _enum_names(leaf)
            serialise = [
                f"n = E{k}.get({v})",
                "if n is None:",
                *(f"    {line}" for line in serialise),
                "else:",
                f"    {v} = n",
            ]
        if non_null:
            reads.append(f"        if {v} is None: raise Fallback")
            reads += [f"        {line}" for line in serialise]
        else:
            reads.append(f"        if {v} is not None:")
            reads += [f"            {line}" for line in serialise]
        entries.append(f"{key}: {v}")
    lines = ["def assemble(sources, columns):"]
    lines += [f"    c{n} = columns[{n}]" for n in range(len(slow))]
    lines += ["    out = []", "    append = out.append", "    for i, s in enumerate(sources):"]
    lines += reads + checks
    lines.append("        append({" + ", ".join(entries) + "})")
    lines.append("    return out")
    code = compile("\n".join(lines), f"<assembly of {plan.type.name}>", "exec")
    # Only schema names (checked identifiers) and repr()-quoted response keys go into the code.
    exec(code, namespace)
    return Assembly(slow, namespace["assemble"])


def _enum_names(enum_type: GraphQLEnumType) -> dict[Any, str]:
    """What a strawberry enum type serialises each member of its Python enum to: its name."""
    wrapped = getattr(enum_type, "wrapped_cls", None)
    names: dict[Any, str] = {}
    for member in wrapped or ():
        for name, value in enum_type.values.items():
            if value.value == member.value:
                names[member] = name
                break
    return names


def _is_plain_leaf(type_: GraphQLOutputType) -> bool:
    inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    return is_leaf_type(inner)


async def execute_planned(
    planner: Planner,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any] | None,
    context: Any,
) -> tuple[dict[str, Any] | None, list[GraphQLError]] | None:
    """Run the operation on the planned path, or return None when the planner declines."""
    try:
        plan, variable_values = planner.plan(document, operation_name, variables or {})
    except Declined as exc:
        planner.stats[f"declined: {exc}"] += 1
        metrics.planner_declined(str(exc))
        return None
    planner.stats["planned"] += 1
    return await planner.execute(plan, variable_values, context)
