"""Batch answers for a cohort: ``evaluate_many`` and ``plan_gaps_many``.

Both take many profiles and yield one :class:`BatchResult` per profile, **in input order**,
while they compute: the input is read lazily, cut into chunks, and at most
``max_in_flight`` chunks are being computed at any time, so memory stays flat however
large the cohort (nothing holds every answer). A profile that cannot be answered (bad
JSON, a French level of 13, an unknown field, born after the application date...) gives a
result with ``ok=False`` and the field and the reason; it never aborts the batch.

Inputs (``profiles``):

- an iterable of :class:`~solver.applicant.Applicant`, of dictionaries, or of JSON strings;
- a path (``str`` or ``os.PathLike``) to a JSON Lines file, or an open text file: one
  profile per line, each line answered in order (a blank line gets an error result, so
  results never shift against their lines; each result carries its ``line`` number);
- a ``pandas.DataFrame``: one profile per row, the columns being ``Applicant`` fields
  (missing values are unknown, nested fields as dicts/lists or JSON text), or a single
  ``profile`` (or ``applicant``) column of dicts or JSON text (with optional ``id`` and
  ``application_date`` columns; other columns are then left alone).

A record may also wrap its profile as ``{"applicant": {...}, "application_date": "...",
"id": ...}``: the date then overrides the batch's for that profile and the ``id`` (a string
or an integer) is echoed in its result, so results join back to a ministry's own records.

Backends (``backend``):

- ``"process"`` (default): a local ``ProcessPoolExecutor`` with ``workers`` processes
  (default: every core this process may use); each worker loads the rule book once.
- ``"thread"``: a thread pool (the engine holds the GIL while it evaluates; CP-SAT releases
  it while it solves).
- ``"inline"``: in this process, one profile after the other.
- ``"dask"``: Dask distributed. Give ``client`` (a ``dask.distributed.Client``) or
  ``scheduler`` (``"tcp://host:port"``); with neither, a local cluster of ``workers``
  single-threaded processes is started and closed afterwards. The workers need this
  package installed (``pip install 'pilotgap[batch]'``).

Workers send each answer back as JSON text (cheaper to move between processes than a
pickled model); a result parses it into its pydantic model only when ``answer`` is read,
and :meth:`BatchResult.to_json` writes it out without parsing at all. pandas and Dask are
imported only when a DataFrame or the Dask backend is used.

Batch-wide arguments (the date, the routes, the objective...) are checked before any
work starts and raise :class:`~solver.applicant.InvalidInput` at once.
"""

from __future__ import annotations

import io
import json
import math
import multiprocessing
import os
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from solver.answers import EligibilityAnswer, GapsAnswer, Lang, Objective
from solver.applicant import Applicant, InvalidInput, escape_controls
from solver.evaluator import as_date, checked_wages, evaluate, evaluate_json, route_ids
from solver.gaps import plan_gaps
from solver.gaps.planner import check_plan_options
from solver.jsonstrict import loads_strict
from solver.rules.book import RuleBook, default_rulebook, resolve_rules
from solver.rules.overlay import Reform, parse_reform

if TYPE_CHECKING:
    from dask.distributed import Client

__all__ = [
    "BACKENDS",
    "BatchError",
    "BatchResult",
    "evaluate_many",
    "plan_gaps_many",
]

Backend = Literal["process", "thread", "inline", "dask"]
Kind = Literal["eligibility", "gaps"]
A = TypeVar("A", EligibilityAnswer, GapsAnswer)

#: The backends ``evaluate_many`` / ``plan_gaps_many`` know.
BACKENDS: tuple[str, ...] = ("process", "thread", "inline", "dask")
#: Default profiles per chunk: enough eligibility checks to dwarf the cost of a round trip
#: to a worker, few enough gap plans (tens of ms each) that the workers share them evenly.
DEFAULT_CHUNK_SIZE: dict[str, int] = {"eligibility": 64, "gaps": 2}
#: Chunks in flight per worker by default (keeps workers busy while the head chunk finishes).
IN_FLIGHT_PER_WORKER = 4

_ANSWER_TYPES: dict[str, type[BaseModel]] = {"eligibility": EligibilityAnswer, "gaps": GapsAnswer}
_WRAPPER_KEYS = frozenset({"applicant", "application_date", "id"})
_NESTED_FIELDS = frozenset({"french", "diplomas", "work_history", "job_offer"})


# ---------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BatchError:
    """Why one profile of a batch got no answer: the field (dotted path) and the reason."""

    field: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        """The error as ``{"field": ..., "reason": ...}``."""
        return {"field": self.field, "reason": self.reason}


class BatchResult(Generic[A]):
    """The outcome for one profile of a batch: its answer, or why there is none.

    Attributes:
        index: Position of the profile in the input (0-based; for a file, its line number less one).
        ok: Whether the profile was answered.
        error: The first reason it was refused (``None`` when ``ok``).
        errors: Every reason it was refused (empty when ``ok``).
        id: The ``id`` of a wrapped record (``{"id", "applicant", ...}``), else ``None``.
        line: The 1-based line number when the input is a JSON Lines file, else ``None``.
    """

    __slots__ = ("_answer", "_json", "_kind", "error", "errors", "id", "index", "line", "ok")

    def __init__(
        self,
        index: int,
        kind: Kind,
        *,
        answer: A | None = None,
        answer_json: str | None = None,
        errors: tuple[BatchError, ...] = (),
        id: str | int | None = None,
        line: int | None = None,
    ) -> None:
        self.index = index
        self.ok = not errors
        self.errors = errors
        self.error = errors[0] if errors else None
        self.id = id
        self.line = line
        self._kind = kind
        self._answer = answer
        self._json = answer_json

    @property
    def answer(self) -> A | None:
        """The answer model (:class:`EligibilityAnswer` or :class:`GapsAnswer`), parsed on first use."""
        if self._answer is None and self._json is not None:
            self._answer = _ANSWER_TYPES[self._kind].model_validate_json(self._json)  # type: ignore[assignment]
        return self._answer

    @property
    def answer_json(self) -> str | None:
        """The answer as the JSON text of the HTTP endpoint (``from`` spelled as in CONTRACT.md)."""
        if self._json is None and self._answer is not None:
            self._json = _dump(self._answer)
        return self._json

    def _head(self) -> dict[str, Any]:
        head: dict[str, Any] = {"index": self.index}
        if self.line is not None:
            head["line"] = self.line
        if self.id is not None:
            head["id"] = self.id
        head["ok"] = self.ok
        return head

    def to_dict(self) -> dict[str, Any]:
        """``{"index", ["line",] ["id",] "ok", "answer"}`` or ``{..., "ok": false, "error", ["errors"]}``."""
        record = self._head()
        if self.ok:
            text = self.answer_json
            record["answer"] = None if text is None else json.loads(text)
        else:
            record.update(self._error_fields())
        return record

    def to_json(self) -> str:
        """The result as one JSON Lines record (no newline), built without re-parsing the answer."""
        head = json.dumps(self._head(), ensure_ascii=False, separators=(",", ":"))[:-1]
        if self.ok:
            return f'{head},"answer":{self.answer_json}}}'
        tail = json.dumps(self._error_fields(), ensure_ascii=False, separators=(",", ":"))[1:]
        return f"{head},{tail}"

    def _error_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {"error": self.errors[0].to_dict()}
        if len(self.errors) > 1:
            fields["errors"] = [e.to_dict() for e in self.errors]
        return fields

    def __repr__(self) -> str:
        what = f"answer={type(self.answer).__name__}" if self.ok else f"error={self.error}"
        return f"BatchResult(index={self.index}, ok={self.ok}, {what})"


def _dump(answer: BaseModel) -> str:
    return answer.model_dump_json(by_alias=True)


# ---------------------------------------------------------------------------------------
# Reading the input
# ---------------------------------------------------------------------------------------

#: One record to answer: (index, line number or None, raw profile).
_Record = tuple[int, int | None, Any]


def _is_dataframe(obj: object) -> bool:
    return type(obj).__module__.startswith("pandas") and hasattr(obj, "itertuples") and hasattr(obj, "columns")


def _records(profiles: Any) -> Iterator[_Record]:
    """The records of any supported input, lazily, with their index (and line number)."""
    if isinstance(profiles, str | os.PathLike):
        return _file_records(Path(profiles))
    if isinstance(profiles, io.TextIOBase) or (hasattr(profiles, "readline") and hasattr(profiles, "read")):
        return _stream_records(profiles)
    if _is_dataframe(profiles):
        return _frame_records(profiles)
    if isinstance(profiles, Mapping | Applicant | bytes):
        raise TypeError("give an iterable of profiles, a JSON Lines path or a DataFrame, not a single profile")
    return ((i, None, raw) for i, raw in enumerate(profiles))


def _file_records(path: Path) -> Iterator[_Record]:
    with path.open(encoding="utf-8") as handle:
        yield from _stream_records(handle)


def _stream_records(handle: Iterable[str]) -> Iterator[_Record]:
    """Every line of a JSON Lines stream, blank ones included: each gets its own result line."""
    for number, text in enumerate(handle, start=1):
        yield number - 1, number, text


def _frame_records(frame: Any) -> Iterator[_Record]:
    columns = [str(c) for c in frame.columns]
    wrapped = next((c for c in ("profile", "applicant") if c in columns), None)
    for index, row in enumerate(frame.itertuples(index=False, name=None)):
        values = {col: _cell(col, value) for col, value in zip(columns, row, strict=True)}
        if wrapped is not None:
            record = {k: values[k] for k in ("id", "application_date") if k in values and values[k] is not None}
            record["applicant"] = values[wrapped]
            yield index, None, record
        else:
            yield index, None, {k: v for k, v in values.items() if v is not None}


def _cell(column: str, value: Any) -> Any:
    """A DataFrame cell as a plain Python value; a missing value (NaN, NaT, NA) is ``None``."""
    if value is None:
        return None
    if type(value).__module__ == "numpy":
        value = value.tolist() if hasattr(value, "tolist") else value
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    if isinstance(value, datetime):  # pandas.Timestamp is a datetime
        return value.date()
    if isinstance(value, str) and column in _NESTED_FIELDS | {"profile", "applicant"} and value.lstrip()[:1] in "{[":
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value  # refused, with the reason, when the profile is validated
    return value


# ---------------------------------------------------------------------------------------
# One record, in a worker
# ---------------------------------------------------------------------------------------


class _Refused(Exception):
    def __init__(self, errors: tuple[BatchError, ...], record_id: str | int | None = None) -> None:
        # A field may be a key the input gave: no control character goes back out raw.
        errors = tuple(BatchError(escape_controls(e.field), escape_controls(e.reason)) for e in errors)
        super().__init__(errors[0].reason)
        self.errors = errors
        self.record_id = record_id


def _validation_errors(exc: ValidationError, prefix: str) -> tuple[BatchError, ...]:
    found = []
    for e in exc.errors(include_input=False, include_url=False):
        parts = [prefix, *(str(p) for p in e["loc"])]
        reason = str(e["msg"])
        for lead in ("Value error, ", "Assertion failed, "):
            if reason.startswith(lead):
                reason = reason[len(lead) :]
        head, sep, rest = reason.partition(": ")
        if sep and head.isidentifier() and head.islower():  # "end: the episode ends before it starts"
            parts.append(head)
            reason = rest
        if e["type"] == "extra_forbidden":
            reason = "unknown field (not a field of the applicant profile)"
        found.append(BatchError(".".join(parts), reason))
    return tuple(found) or (BatchError(prefix, "invalid profile"),)


def _parse_record(raw: Any) -> tuple[Applicant, date | None, str | int | None]:
    """The profile of a record, its own application date (if any) and its id (if any)."""
    if isinstance(raw, Applicant):
        return raw, None, None
    data = raw
    if isinstance(raw, str | bytes) and not raw.strip():
        raise _Refused((BatchError("profile", "blank line: no profile to answer"),))
    if isinstance(raw, str | bytes):
        try:
            data = loads_strict(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
        except UnicodeDecodeError:
            raise _Refused((BatchError("profile", "not UTF-8 text"),)) from None
        except json.JSONDecodeError as exc:
            raise _Refused((BatchError("profile", f"not valid JSON: {exc.msg} (at character {exc.pos})"),)) from None
    if not isinstance(data, Mapping):
        raise _Refused((BatchError("profile", f"a profile is a JSON object, not {type(data).__name__}"),))
    on: date | None = None
    record_id: str | int | None = None
    if "applicant" in data:
        record_id = data.get("id")
        if record_id is not None and (not isinstance(record_id, str | int) or isinstance(record_id, bool)):
            raise _Refused((BatchError("id", "an id is a string or an integer"),))
        unknown = sorted(set(data) - _WRAPPER_KEYS)
        if unknown:
            raise _Refused(
                (BatchError(str(unknown[0]), "unknown field (a record has applicant, application_date, id)"),),
                record_id,
            )
        when = data.get("application_date")
        if when is not None:
            if not isinstance(when, str | date):
                raise _Refused((BatchError("application_date", "a date is YYYY-MM-DD text"),), record_id)
            try:
                on = as_date(when)
            except InvalidInput as exc:
                raise _Refused((BatchError(exc.field, exc.reason),), record_id) from None
        data = data["applicant"]
        if isinstance(data, str):
            try:
                data = loads_strict(data)
            except json.JSONDecodeError as exc:
                raise _Refused((BatchError("applicant", f"not valid JSON: {exc.msg}"),), record_id) from None
        if isinstance(data, Applicant):
            return data, on, record_id
    try:
        applicant = Applicant.model_validate(data)
    except ValidationError as exc:
        raise _Refused(_validation_errors(exc, "applicant"), record_id) from None
    return applicant, on, record_id


#: What a worker sends back for one record: (index, line, id, answer model or JSON, errors).
_Outcome = tuple[int, int | None, str | int | None, BaseModel | str | None, tuple[BatchError, ...]]


def _answer_one(kind: str, raw: Any, params: Mapping[str, Any], rules: RuleBook | None, as_json: bool) -> Any:
    """The answer to one record (its JSON text when ``as_json``) and the record's id."""
    applicant, on, record_id = _parse_record(raw)
    kwargs = dict(params)
    if on is not None:
        kwargs["application_date"] = on
    try:
        if kind == "eligibility" and as_json:  # straight to JSON: no models built only to be dumped
            return evaluate_json(applicant, rules=rules, **kwargs), record_id
        call: Callable[..., BaseModel] = evaluate if kind == "eligibility" else plan_gaps
        answer = call(applicant, rules=rules, **kwargs)
        return (_dump(answer) if as_json else answer), record_id
    except InvalidInput as exc:
        raise _Refused((BatchError(exc.field, exc.reason),), record_id) from None
    except ValidationError as exc:
        raise _Refused(_validation_errors(exc, "applicant"), record_id) from None


def _run_chunk(
    kind: str,
    records: list[_Record],
    params: Mapping[str, Any],
    as_json: bool = True,
    rules: RuleBook | None = None,
) -> list[_Outcome]:
    """Answer a chunk of records (in a worker, or inline); one refusal never stops the others."""
    out: list[_Outcome] = []
    for index, line, raw in records:
        try:
            answer, record_id = _answer_one(kind, raw, params, rules, as_json)
            out.append((index, line, record_id, answer, ()))
        except _Refused as exc:
            out.append((index, line, exc.record_id, None, exc.errors))
        except Exception as exc:  # an engine fault on one profile: report it on its line, keep going
            reason = escape_controls(f"{type(exc).__name__}: {exc}")
            out.append((index, line, None, None, (BatchError("(internal)", reason),)))
    return out


def _init_worker() -> None:
    """Load the rule book once per worker process, before the first chunk arrives."""
    default_rulebook()


# ---------------------------------------------------------------------------------------
# Scheduling
# ---------------------------------------------------------------------------------------


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _chunks(records: Iterator[_Record], size: int) -> Iterator[list[_Record]]:
    while chunk := list(islice(records, size)):
        yield chunk


def _results(kind: Kind, outcomes: Iterable[_Outcome]) -> Iterator[BatchResult[Any]]:
    for index, line, record_id, answer, errors in outcomes:
        if isinstance(answer, str):
            yield BatchResult(index, kind, answer_json=answer, errors=errors, id=record_id, line=line)
        else:
            yield BatchResult(index, kind, answer=answer, errors=errors, id=record_id, line=line)  # type: ignore[arg-type]


def _ordered(
    submit: Callable[[list[_Record]], Any],
    result: Callable[[Any], list[_Outcome]],
    cancel: Callable[[Any], Any],
    chunks: Iterator[list[_Record]],
    limit: int,
) -> Iterator[list[_Outcome]]:
    """Submit chunks with at most ``limit`` in flight and yield their outcomes in submission order.

    Closing the iterator early cancels the chunks still in flight.
    """
    pending: deque[Any] = deque()
    try:
        for chunk in chunks:
            pending.append(submit(chunk))
            if len(pending) >= limit:
                yield result(pending.popleft())
        while pending:
            yield result(pending.popleft())
    finally:
        for task in pending:
            cancel(task)


def _run_executor(
    executor: Executor,
    kind: Kind,
    chunks: Iterator[list[_Record]],
    params: dict[str, Any],
    limit: int,
    rules: RuleBook | None,
) -> Iterator[list[_Outcome]]:
    as_json = isinstance(executor, ProcessPoolExecutor)  # JSON text crosses a process boundary cheaply

    def submit(chunk: list[_Record]) -> Future[list[_Outcome]]:
        return executor.submit(_run_chunk, kind, chunk, params, as_json, rules)

    try:
        yield from _ordered(submit, Future.result, Future.cancel, chunks, limit)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _dask_client(client: Client | None, scheduler: str | None, workers: int | None) -> Iterator[Client]:
    """``client`` as given (left open), or one opened on ``scheduler`` or, with neither, on a
    local cluster of ``workers`` single-threaded processes (default every core), closed
    (with its cluster) on leaving."""
    from dask.distributed import Client, LocalCluster

    if client is not None:
        yield client
        return
    cluster = None
    if scheduler is not None:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers or _cores(), threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _dask_result(future: Any) -> Any:
    """A Dask future's result, the future then released (its data can leave the cluster)."""
    found = future.result()
    future.release()
    return found


def _run_dask(
    kind: Kind,
    chunks: Iterator[list[_Record]],
    params: dict[str, Any],
    client: Client | None,
    scheduler: str | None,
    workers: int | None,
    max_in_flight: int | None,
) -> Iterator[list[_Outcome]]:
    with _dask_client(client, scheduler, workers) as dask:
        tag = uuid.uuid4().hex[:12]
        count = 0

        def submit(chunk: list[_Record]) -> Any:
            nonlocal count
            count += 1
            return dask.submit(_run_chunk, kind, chunk, params, key=f"pilotgap-{kind}-{tag}-{count}", pure=False)

        slots = sum(dask.nthreads().values()) or 1
        limit = max_in_flight or IN_FLIGHT_PER_WORKER * slots
        yield from _ordered(submit, _dask_result, lambda future: future.cancel(), chunks, limit)


def _run(
    kind: Kind,
    profiles: Any,
    params: dict[str, Any],
    *,
    backend: str,
    workers: int | None,
    scheduler: str | None,
    client: Client | None,
    chunk_size: int | None,
    max_in_flight: int | None,
    rules: RuleBook | None,
    mp_context: str | None,
) -> Iterator[BatchResult[Any]]:
    """Check the backend options, then return the lazy, ordered stream of results."""
    if scheduler is not None or client is not None:
        if backend not in ("dask", "process"):
            raise ValueError("scheduler / client go with backend='dask'")
        backend = "dask"
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; known: {list(BACKENDS)}")
    if workers is not None and workers < 1:
        raise ValueError("workers must be at least 1")
    if chunk_size is not None and chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    if max_in_flight is not None and max_in_flight < 1:
        raise ValueError("max_in_flight must be at least 1")
    if rules is not None and backend in ("process", "dask"):
        raise ValueError("a custom rule book works with backend='inline' or 'thread' (it does not pickle)")
    if mp_context is not None and mp_context not in multiprocessing.get_all_start_methods():
        raise ValueError(f"mp_context must be one of {multiprocessing.get_all_start_methods()}")
    records = _records(profiles)
    size = chunk_size or DEFAULT_CHUNK_SIZE[kind]
    return _stream(kind, records, size, params, backend, workers, scheduler, client, max_in_flight, rules, mp_context)


def _stream(
    kind: Kind,
    records: Iterator[_Record],
    size: int,
    params: dict[str, Any],
    backend: str,
    workers: int | None,
    scheduler: str | None,
    client: Client | None,
    max_in_flight: int | None,
    rules: RuleBook | None,
    mp_context: str | None,
) -> Iterator[BatchResult[Any]]:
    chunks = _chunks(records, size)
    batches: Iterator[list[_Outcome]]
    if backend == "inline":
        batches = (_run_chunk(kind, chunk, params, False, rules) for chunk in chunks)
    elif backend == "dask":
        batches = _run_dask(kind, chunks, params, client, scheduler, workers, max_in_flight)
    else:
        n = workers or _cores()
        executor: Executor
        if backend == "thread":
            executor = ThreadPoolExecutor(max_workers=n, thread_name_prefix="pilotgap-batch")
        else:
            context = None if mp_context is None else multiprocessing.get_context(mp_context)
            executor = ProcessPoolExecutor(max_workers=n, mp_context=context, initializer=_init_worker)
        batches = _run_executor(executor, kind, chunks, params, max_in_flight or IN_FLIGHT_PER_WORKER * n, rules)
    try:
        for outcomes in batches:
            yield from _results(kind, outcomes)
    finally:
        close = getattr(batches, "close", None)
        if close is not None:
            close()
        close_records = getattr(records, "close", None)
        if close_records is not None:
            close_records()


# ---------------------------------------------------------------------------------------
# Batch-wide arguments
# ---------------------------------------------------------------------------------------


def _common_params(
    application_date: date | str | None,
    routes: Iterable[str] | None,
    lang: str,
    reference_wages: Mapping[str, float] | None,
) -> dict[str, Any]:
    if lang not in ("en", "fr"):
        raise InvalidInput("lang", "must be 'en' or 'fr'")
    wages = None if reference_wages is None else checked_wages(reference_wages)
    return {
        # One date for the whole batch, fixed now: a batch that runs past midnight, or on
        # workers in another time zone, still answers every profile for the same day.
        "application_date": as_date(application_date),
        "routes": None if routes is None else route_ids(routes),
        "lang": lang,
        "reference_wages": wages,
    }


# ---------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------


def _overlay_params(
    rules: RuleBook | None, assumptions: Mapping[str, bool] | None, reform: Reform | Mapping[str, Any] | None
) -> dict[str, Any]:
    """The assumptions and reform as plain, picklable keyword arguments, checked once for the batch."""
    if assumptions is None and reform is None:
        return {}
    resolve_rules(rules, assumptions, reform)  # refuse an unknown name or a bad reform now
    out: dict[str, Any] = {}
    if assumptions is not None:
        out["assumptions"] = dict(assumptions)
    if reform is not None:
        out["reform"] = parse_reform(reform).model_dump(mode="json")
    return out


def evaluate_many(
    profiles: Any,
    application_date: date | str | None = None,
    routes: Iterable[str] | None = None,
    lang: Lang = "en",
    reference_wages: Mapping[str, float] | None = None,
    *,
    backend: Backend = "process",
    workers: int | None = None,
    scheduler: str | None = None,
    client: Client | None = None,
    chunk_size: int | None = None,
    max_in_flight: int | None = None,
    rules: RuleBook | None = None,
    mp_context: str | None = None,
    assumptions: Mapping[str, bool] | None = None,
    reform: Reform | Mapping[str, Any] | None = None,
) -> Iterator[BatchResult[EligibilityAnswer]]:
    """Eligibility of many profiles, yielded in input order as they are computed.

    Args:
        profiles: Applicants, dicts or JSON strings (an iterable), a JSON Lines path or open
            text file, or a pandas DataFrame (see the module docstring).
        application_date: The date every profile is checked on (default: today, fixed
            once for the batch); a wrapped record's own ``application_date`` wins.
        routes: Route ids (default: all nine).
        lang: Language of the explanations, ``"en"`` or ``"fr"``.
        reference_wages: Published top wage per NOC code for the IT-VE salary test.
        backend: ``"process"`` (default), ``"thread"``, ``"inline"`` or ``"dask"``.
        workers: Processes or threads (default: every core); for Dask without a client or
            scheduler, the workers of the local cluster started for the batch.
        scheduler: A Dask scheduler address (``"tcp://host:port"``); implies ``backend="dask"``.
        client: A ``dask.distributed.Client`` to submit to (not closed afterwards).
        chunk_size: Profiles per task (default 64).
        max_in_flight: Chunks computed at once at most (default 4 per worker); bounds memory.
        rules: A custom rule book (``inline`` and ``thread`` backends only).
        mp_context: Start method of the process pool (``"fork"``, ``"forkserver"``,
            ``"spawn"``; default: the platform's). With ``spawn`` / ``forkserver`` (the default
            from Python 3.14) a script must guard its entry point with
            ``if __name__ == "__main__":``, as for any process pool.

    Returns:
        A lazy iterator of :class:`BatchResult`, one per profile, in input order. Closing it
        (or leaving a ``for`` loop early) cancels the chunks in flight.

    Raises:
        InvalidInput: a batch-wide argument is invalid (date, routes, language, wages).
        ValueError: an unknown backend or a bad backend option.
        TypeError: ``profiles`` is a single profile rather than many.

    Example:
        >>> from solver.cohort import iter_cohort
        >>> results = evaluate_many(iter_cohort(3, seed=1), "2024-06-03", backend="inline")
        >>> [(r.index, r.ok) for r in results]
        [(0, True), (1, True), (2, True)]
    """
    params = _common_params(application_date, routes, lang, reference_wages)
    params.update(_overlay_params(rules, assumptions, reform))
    return _run(
        "eligibility",
        profiles,
        params,
        backend=backend,
        workers=workers,
        scheduler=scheduler,
        client=client,
        chunk_size=chunk_size,
        max_in_flight=max_in_flight,
        rules=rules,
        mp_context=mp_context,
    )


def plan_gaps_many(
    profiles: Any,
    application_date: date | str | None = None,
    horizon_months: int = 36,
    objective: Objective = "earliest",
    respect_intake_windows: bool = True,
    max_plans: int = 3,
    routes: Iterable[str] | None = None,
    costs: Mapping[str, Mapping[str, float]] | None = None,
    lang: Lang = "en",
    reference_wages: Mapping[str, float] | None = None,
    time_limit_s: float | None = None,
    *,
    backend: Backend = "process",
    workers: int | None = None,
    scheduler: str | None = None,
    client: Client | None = None,
    chunk_size: int | None = None,
    max_in_flight: int | None = None,
    rules: RuleBook | None = None,
    mp_context: str | None = None,
    assumptions: Mapping[str, bool] | None = None,
    reform: Reform | Mapping[str, Any] | None = None,
) -> Iterator[BatchResult[GapsAnswer]]:
    """Gap plans of many profiles (``solver.plan_gaps`` for each), yielded in input order.

    Takes the arguments of :func:`solver.plan_gaps` (checked once, before any work) and the
    backend options of :func:`evaluate_many`; the default ``chunk_size`` is 2.

    Returns:
        A lazy iterator of :class:`BatchResult`, one per profile, in input order.

    Raises:
        InvalidInput: a batch-wide argument is invalid (horizon, objective, costs, routes...).
        ValueError: an unknown backend or a bad backend option.
        TypeError: ``profiles`` is a single profile rather than many.
    """
    params = _common_params(application_date, routes, lang, reference_wages)
    params.update(_overlay_params(rules, assumptions, reform))
    # refuse a bad option (or cost figure) now rather than once per profile
    check_plan_options(objective, horizon_months, max_plans, time_limit_s, costs)
    params.update(
        horizon_months=horizon_months,
        objective=objective,
        respect_intake_windows=bool(respect_intake_windows),
        max_plans=max_plans,
        costs=None if costs is None else {family: dict(values) for family, values in costs.items()},
        time_limit_s=time_limit_s,
    )
    return _run(
        "gaps",
        profiles,
        params,
        backend=backend,
        workers=workers,
        scheduler=scheduler,
        client=client,
        chunk_size=chunk_size,
        max_in_flight=max_in_flight,
        rules=rules,
        mp_context=mp_context,
    )
