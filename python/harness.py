"""Runs a workspace's Python reducers and event-bus files for Event Flow Explorer.

One request per line on stdin, one answer per line on stdout (NDJSON). The user's own prints go to
stderr, so they can never break the protocol. Limits: the address space is capped with RLIMIT_AS before
any user code is imported (where Python has the resource module; without it, as on Windows, every load
report says the memory limit is not applied); a watchdog thread reports an event that runs past the time limit, and the
extension then kills the process (it also kills it when no line arrives in time, e.g. a C call that
holds the interpreter).

Reducers are classes with `apply(event)` (the chapter's `Order(Aggregate)`): an instance per aggregate,
built as `cls(aggregate_id)`, gets each stored event as a dict (`aggregate_id`, `event_type`, `data`,
`version`, `timestamp`, `event_id`, `metadata`); its attributes are the state. A bus is a module-level
object with `publish`, a `middleware` list and a `subscribers` dict (the chapter's `EventBus`): it runs as
written under the harness's event loop, with each middleware and handler recorded on the way.
"""

import __future__
import asyncio
import contextvars
import copy
import dataclasses
import datetime
import decimal
import enum
import hashlib
import importlib.util
import inspect
import json
import math
import os
import sys
import threading
import time
import traceback
import types
import uuid

try:
    import resource  # POSIX only: on Windows there is no address-space limit to set
except ImportError:
    resource = None

PROTOCOL = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
sys.stdout = sys.stderr
WRITE_LOCK = threading.Lock()

TIME_LIMIT_S = 2.0
# [tick, index of the event being applied, id of the request in flight or None]
PROGRESS = [0, 0, None]

# Why a limit asked for is not applied (said in every load report), or None.
LIMIT_WARNINGS = []

MODULES = {}
AGGREGATES = {}
STREAMS = {}


def send(message):
    try:
        line = json.dumps(message, default=to_jsonable, separators=(",", ":"), allow_nan=False)
    except ValueError:
        # NaN or an infinity somewhere: bare NaN is not JSON, so they go as null, as JSON.stringify sends them.
        line = json.dumps(finite(json.loads(json.dumps(message, default=to_jsonable))), separators=(",", ":"), allow_nan=False)
    with WRITE_LOCK:
        PROTOCOL.write(line + "\n")
        PROTOCOL.flush()


def tick(index):
    PROGRESS[0] += 1
    PROGRESS[1] = index


def watchdog():
    """Says which event is stuck once the tick stands still past the limit; beats while work moves."""
    last_tick, last_change, last_beat = -1, time.monotonic(), 0.0
    while True:
        time.sleep(max(0.005, TIME_LIMIT_S / 10))
        now = time.monotonic()
        request = PROGRESS[2]
        if request is None:
            last_tick, last_change = PROGRESS[0], now
            continue
        if PROGRESS[0] != last_tick:
            last_tick, last_change = PROGRESS[0], now
            if now - last_beat > TIME_LIMIT_S / 2:
                last_beat = now
                send({"heartbeat": request})
        elif now - last_change > TIME_LIMIT_S:
            send({"id": request, "stalled": True, "eventIndex": PROGRESS[1]})
            last_change = now + 3600  # once is enough: the extension kills the process now


# ---------------------------------------------------------------------------------------------- JSON


def to_jsonable(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if hasattr(value, "__dict__"):
        return {k: v for k, v in vars(value).items() if not k.startswith("_") and not callable(v)}
    return repr(value)


def plain(value):
    """A JSON value (what the timeline shows) made from any Python value; NaN and infinities become None."""
    return finite(json.loads(json.dumps(value, default=to_jsonable)))


def finite(value):
    """The JSON value with NaN, inf and -inf replaced by None (JavaScript's JSON.stringify writes them as null)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [finite(item) for item in value]
    return value


def state_of(aggregate):
    return plain({k: v for k, v in vars(aggregate).items() if not callable(v)})


# --------------------------------------------------------------------------------------------- errors


class Failure(Exception):
    def __init__(self, failure):
        super().__init__(failure.get("message"))
        self.failure = failure


def describe_error(error, user_file=None):
    frames = traceback.extract_tb(error.__traceback__)
    location = None
    for frame in frames:
        if frame.filename in MODULES or frame.filename == user_file:
            location = {"file": frame.filename, "line": frame.lineno}
            if getattr(frame, "colno", None) is not None:
                location["column"] = frame.colno + 1
    if location is None and isinstance(error, SyntaxError) and error.filename:
        location = {"file": error.filename, "line": error.lineno or 1}
        if error.offset:
            location["column"] = error.offset
    result = {
        "message": f"{type(error).__name__}: {error}",
        "stack": "".join(traceback.format_exception(type(error), error, error.__traceback__)),
    }
    if location:
        result["location"] = location
    if isinstance(error, ModuleNotFoundError) and error.name:
        # The extension names the interpreter and the command that installs the module there.
        result["missingModule"] = error.name
    return result


def failure_at(error, index=None, kind=None):
    failure = describe_error(error)
    failure["kind"] = kind or ("memory" if isinstance(error, MemoryError) else "threw")
    if index is not None:
        failure["eventIndex"] = index
    return failure


# ------------------------------------------------------------------------------------------- loading


def load_module(file):
    name = "efx_workspace_" + hashlib.sha1(file.encode()).hexdigest()[:12]
    folder = os.path.dirname(file)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(name, file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    with open(file, "rb") as handle:
        source = handle.read()
    # Annotations are not evaluated (as `from __future__ import annotations` gives, and Python 3.14 by
    # default): a class may annotate with a name another file or section defines, like the chapter's
    # EventSourcedRepository naming §3.1's EventStore.
    code = compile(source, file, "exec", flags=__future__.annotations.compiler_flag, dont_inherit=True)
    exec(code, module.__dict__)
    MODULES[file] = module
    return module


def reducer_classes(module):
    for name, value in vars(module).items():
        if (
            inspect.isclass(value)
            and value.__module__ == module.__name__
            and callable(getattr(value, "apply", None))
            and not inspect.isabstract(value)
        ):
            yield name, value


def find_bus(module):
    for value in vars(module).values():
        if (
            not inspect.isclass(value)
            and callable(getattr(value, "publish", None))
            and isinstance(getattr(value, "middleware", None), list)
            and isinstance(getattr(value, "subscribers", None), dict)
        ):
            return value
    return None


def forget_workspace_modules(files):
    """Each load sees the reducer folders as they are now: a module imported from one of them before (a
    helper since edited, a stand-in package since removed) is imported afresh, not taken from sys.modules."""
    folders = {os.path.dirname(os.path.abspath(file)) for file in files}
    folders.update(os.path.dirname(os.path.abspath(file)) for file in MODULES)
    prefixes = tuple(folder + os.sep for folder in folders)

    def inside(path):
        return isinstance(path, str) and os.path.abspath(path).startswith(prefixes)

    for name, module in list(sys.modules.items()):
        paths = [getattr(module, "__file__", None), *list(getattr(module, "__path__", None) or [])]
        if any(inside(path) for path in paths):
            del sys.modules[name]
    MODULES.clear()
    importlib.invalidate_caches()


def op_load(request):
    reducers, failures, buses = [], [], []
    AGGREGATES.clear()
    forget_workspace_modules(request["files"])
    for index, file in enumerate(request["files"]):
        tick(index)
        try:
            module = load_module(file)
        except BaseException as error:  # a SyntaxError or SystemExit in user code is a load failure too
            if isinstance(error, KeyboardInterrupt):
                raise
            failure = describe_error(error, file)
            failure["kind"] = "memory" if isinstance(error, MemoryError) else "load"
            failure.setdefault("location", {"file": file, "line": 1})
            failures.append(failure)
            continue
        found = False
        for name, cls in reducer_classes(module):
            AGGREGATES[name] = (cls, file)
            reducers.append({"aggregateType": name, "file": file, "upcasters": {}})
            found = True
        if find_bus(module) is not None:
            buses.append(file)
            found = True
        if not found:
            failures.append({
                "kind": "load",
                "message": f"{os.path.basename(file)} defines no class with apply(event) and no bus (an object with publish, middleware and subscribers)",
                "location": {"file": file, "line": 1},
            })
    for stream in STREAMS.values():
        stream.reset()
    return {"reducers": reducers, "failures": failures, "buses": buses, "warnings": list(LIMIT_WARNINGS)}


# ------------------------------------------------------------------------------------------- streams


class Stream:
    """One aggregate's events and its replay, with copied checkpoints (apply mutates the instance)."""

    def __init__(self, aggregate_type, aggregate_id, every):
        self.aggregate_type = aggregate_type
        self.aggregate_id = aggregate_id
        self.every = every
        self.events = []
        self.reset()

    def new_aggregate(self):
        if self.aggregate_type not in AGGREGATES:
            raise LookupError(f"No Python reducer class for aggregate type {self.aggregate_type}; loaded: {', '.join(AGGREGATES) or 'none'}")
        cls = AGGREGATES[self.aggregate_type][0]
        try:
            return cls(self.aggregate_id)
        except TypeError:
            return cls()

    def reset(self):
        self.checkpoints = []
        self.cursor_position = 0
        self.cursor = None

    def state_at(self, index):
        if index < -1 or index >= len(self.events):
            raise IndexError(f"No event at index {index}: the stream has {len(self.events)} events")
        if not self.checkpoints:
            self.checkpoints.append(copy.deepcopy(self.new_aggregate()))
            self.cursor, self.cursor_position = copy.deepcopy(self.checkpoints[0]), 0
        target = index + 1
        nearest = min(target // self.every, len(self.checkpoints) - 1)
        if nearest * self.every <= self.cursor_position <= target:
            position, aggregate = self.cursor_position, self.cursor
        else:
            position, aggregate = nearest * self.every, copy.deepcopy(self.checkpoints[nearest])
        events, every, checkpoints = self.events, self.every, self.checkpoints
        apply = aggregate.apply
        try:
            while position < target:
                PROGRESS[0] += 1
                PROGRESS[1] = position
                apply(events[position])
                position += 1
                if position % every == 0 and position // every == len(checkpoints):
                    checkpoints.append(copy.deepcopy(aggregate))
        except Exception as error:
            self.reset()
            raise Failure(failure_at(error, position))
        self.cursor, self.cursor_position = aggregate, target
        return aggregate


def stream_for(request):
    stream = STREAMS.get(request["stream"])
    if stream is None:
        raise LookupError(f"No open stream {request['stream']}")
    return stream


def op_open(request):
    STREAMS[request["stream"]] = Stream(request["aggregateType"], request.get("aggregateId", ""), request.get("checkpointEvery", 256))
    return None


def op_append(request):
    stream = stream_for(request)
    stream.events.extend(request["events"])
    return {"length": len(stream.events)}


def op_state_at(request):
    return state_of(stream_for(request).state_at(request["index"]))


def op_states(request):
    stream = stream_for(request)
    return [state_of(stream.state_at(i)) for i in range(request["from"], request["to"] + 1)]


def op_close(request):
    STREAMS.pop(request["stream"], None)
    return None


# ----------------------------------------------------------------------------------------------- bus

CURRENT_TRACE = contextvars.ContextVar("efx_current_trace", default=None)


def new_trace(event, parent):
    trace = {"event": bus_event(event), "middleware": [], "handlers": [], "children": []}
    if parent is not None:
        trace["parentId"] = parent["event"]["id"]
    return trace


def bus_event(event):
    data = plain(event)
    if not isinstance(data, dict):
        data = {"value": data}
    return {
        "id": str(data.get("event_id", data.get("id", ""))),
        "type": str(data.get("event_type", data.get("type", ""))),
        "data": data.get("data", {}),
        "timestamp": data.get("timestamp"),
        "metadata": {k: v for k, v in data.items() if k not in ("event_id", "event_type", "data", "timestamp", "id", "type")},
    }


async def within_limit(result):
    if inspect.isawaitable(result):
        return await asyncio.wait_for(result, TIME_LIMIT_S)
    return result


def step_name(fn):
    return getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or repr(fn)


def make_event(module, flow_event):
    event_class = getattr(module, "Event", None)
    if inspect.isclass(event_class):
        try:
            event = event_class(flow_event["event_type"], flow_event["data"])
            if flow_event.get("event_id"):
                event.event_id = flow_event["event_id"]
            return event
        except TypeError:
            pass
    return types.SimpleNamespace(
        event_id=flow_event.get("event_id") or str(uuid.uuid4()),
        event_type=flow_event["event_type"],
        timestamp=flow_event.get("timestamp"),
        data=flow_event["data"],
    )


def op_bus(request):
    file = request["file"]
    module = MODULES.get(file) or load_module(file)
    bus = find_bus(module)
    if bus is None:
        raise LookupError(f"{os.path.basename(file)} has no module-level bus (an object with publish, middleware and subscribers)")
    retry = getattr(module, "EVENTFLOW_RETRY", None) or {}
    attempts = max(1, int(retry.get("attempts", 1)))
    backoff_ms = float(retry.get("backoff_ms", 0))
    factor = float(retry.get("factor", 2))
    dead_letters, traces = [], []
    index_box = [0]

    saved_middleware = list(bus.middleware)
    saved_subscribers = {k: list(v) for k, v in bus.subscribers.items()}
    had_own_publish = "publish" in vars(bus)
    original_publish = bus.publish

    def wrap_middleware(middleware):
        name = step_name(middleware)

        async def traced(event):
            trace = CURRENT_TRACE.get()
            step = {"name": name, "received": plain(event), "passed": None, "changed": [], "dropped": False, "durationMs": 0}
            trace["middleware"].append(step)
            tick(index_box[0])
            started = time.perf_counter()
            try:
                out = await within_limit(middleware(event))
            except Exception as error:
                step["durationMs"] = (time.perf_counter() - started) * 1000
                step["error"] = describe_error(error)
                step["dropped"] = True
                trace["droppedBy"] = name
                raise
            step["durationMs"] = (time.perf_counter() - started) * 1000
            if not out:
                step["dropped"] = True
                trace["droppedBy"] = name
            else:
                step["passed"] = plain(out)
            return out

        return traced

    def wrap_handler(handler):
        name = step_name(handler)

        async def traced(event):
            trace = CURRENT_TRACE.get()
            run = {"name": name, "attempts": [], "outcome": "failed"}
            trace["handlers"].append(run)
            delay = 0.0
            for attempt in range(1, attempts + 1):
                if attempt > 1:
                    delay = backoff_ms * factor ** (attempt - 2)
                    await asyncio.sleep(delay / 1000)
                tick(index_box[0])
                started = time.perf_counter()
                try:
                    result = await within_limit(handler(event))
                except Exception as error:
                    run["attempts"].append({"attempt": attempt, "delayMs": delay, "durationMs": (time.perf_counter() - started) * 1000, "error": describe_error(error)})
                    if attempts == 1:
                        raise  # no retry policy: the bus behaves as written (gather raises)
                    continue
                entry = {"attempt": attempt, "delayMs": delay, "durationMs": (time.perf_counter() - started) * 1000}
                if result is not None:
                    entry["result"] = plain(result)
                run["attempts"].append(entry)
                run["outcome"] = "ok"
                return result
            run["outcome"] = "dead-lettered"
            last = run["attempts"][-1]
            dead_letters.append({"eventId": trace["event"]["id"], "eventType": trace["event"]["type"], "handler": name, "attempts": len(run["attempts"]), "error": last["error"]})
            return None

        return traced

    async def traced_publish(event):
        parent = CURRENT_TRACE.get()
        trace = new_trace(event, parent)
        (parent["children"] if parent is not None else traces).append(trace)
        token = CURRENT_TRACE.set(trace)
        try:
            await original_publish(event)
        except Exception as error:
            trace["error"] = describe_error(error)
            if parent is not None:
                raise
        finally:
            CURRENT_TRACE.reset(token)

    async def heartbeat():
        while True:
            await asyncio.sleep(TIME_LIMIT_S / 4)
            PROGRESS[0] += 1

    async def run_all():
        beat = asyncio.ensure_future(heartbeat())
        try:
            for index, flow_event in enumerate(request["events"]):
                index_box[0] = index
                tick(index)
                await bus.publish(make_event(module, flow_event))
        finally:
            beat.cancel()

    bus.middleware[:] = [wrap_middleware(m) for m in saved_middleware]
    for event_type, handlers in saved_subscribers.items():
        bus.subscribers[event_type] = [wrap_handler(h) for h in handlers]
    bus.publish = traced_publish
    started = time.perf_counter()
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(run_all())
    finally:
        loop.close()
        bus.middleware[:] = saved_middleware
        bus.subscribers.clear()
        bus.subscribers.update(saved_subscribers)
        if had_own_publish:
            bus.publish = original_publish
        else:
            del bus.publish
    return {"file": file, "traces": traces, "deadLetters": dead_letters, "durationMs": (time.perf_counter() - started) * 1000}


# ---------------------------------------------------------------------------------------------- main

OPS = {
    "load": op_load,
    "openStream": op_open,
    "append": op_append,
    "stateAt": op_state_at,
    "states": op_states,
    "closeStream": op_close,
    "runBus": op_bus,
    "ping": lambda request: "pong",
}


def handle(request):
    request_id = request.get("id")
    PROGRESS[2] = request_id
    try:
        op = OPS.get(request.get("op"))
        if op is None:
            raise ValueError(f"unknown op {request.get('op')!r}")
        send({"id": request_id, "ok": True, "result": op(request)})
    except Failure as failure:
        send({"id": request_id, "ok": False, "failure": failure.failure})
    except Exception as error:
        send({"id": request_id, "ok": False, "failure": failure_at(error)})
    finally:
        PROGRESS[2] = None


def main(argv):
    global TIME_LIMIT_S
    options = dict(zip(argv[1::2], argv[2::2]))
    TIME_LIMIT_S = float(options.get("--time-limit-ms", "2000")) / 1000
    memory_mb = int(options.get("--memory-mb", "0"))
    if memory_mb > 0 and resource is None:
        LIMIT_WARNINGS.append(f"no memory limit: this Python has no resource module (as on Windows), so the {memory_mb} MB limit is not applied; the time limit still is")
    elif memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    threading.Thread(target=watchdog, daemon=True).start()
    send({"ready": True, "python": sys.version.split()[0]})
    for line in sys.stdin:
        if line.strip():
            try:
                request = json.loads(line)
            except ValueError as error:
                send({"id": None, "ok": False, "failure": {"kind": "crashed", "message": f"bad request line: {error}"}})
                continue
            handle(request)


if __name__ == "__main__":
    main(sys.argv)
