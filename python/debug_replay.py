"""Debug Reducer for a Python reducer: replays one aggregate's stored events through the user's class under
debugpy, paused just before the chosen event is applied.

Run as `python debug_replay.py DATA_FILE`. Everything that came from the stream or the workspace (the
reducer's path, the aggregate type and id, the events, which event to stop at) is in the JSON data file:
this program is the same for every stream, so no id or type can become code.

The events before the chosen one are applied by a copy of the reducer's module compiled under another file
name: debugpy binds breakpoints to the file's own path, so a breakpoint in `apply` first hits at the chosen
event, not at the stream's first. From the chosen event on, the class from the user's own file applies
them. The final state is printed as JSON, so the program can be checked without a debugger too.
"""

import __future__
import importlib.util
import json
import os
import sys
import types


# An unused constant added to every code object of the copy. Code objects compare equal whatever their file
# name, and debugpy remembers per code object that a function has no breakpoints: without it, the copy's
# `apply` running first would make the user's own `apply` skip its breakpoints too.
COPY_MARK = "efx: the reducer's copy for the events before the chosen one"


def marked(code):
    consts = tuple(marked(const) if isinstance(const, types.CodeType) else const for const in code.co_consts)
    return code.replace(co_consts=consts + (COPY_MARK,))


def load_module(file, name, compiled_as, copy=False):
    """The module of `file`, compiled as the harness compiles it (deferred annotations), under `compiled_as`."""
    folder = os.path.dirname(file)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(name, file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    with open(file, "rb") as handle:
        source = handle.read()
    code = compile(source, compiled_as, "exec", flags=__future__.annotations.compiler_flag, dont_inherit=True)
    exec(marked(code) if copy else code, module.__dict__)
    return module


def reducer_class(module, aggregate_type, file):
    cls = getattr(module, aggregate_type, None)
    if not isinstance(cls, type) or not callable(getattr(cls, "apply", None)):
        raise LookupError(f"{os.path.basename(file)} defines no class {aggregate_type} with apply(event)")
    return cls


def new_aggregate(cls, aggregate_id):
    """Built as the harness builds it: `cls(aggregate_id)`, or `cls()` for a class that takes no id."""
    try:
        return cls(aggregate_id)
    except TypeError:
        return cls()


def pause_function():
    """debugpy's breakpoint when the program runs under it; nothing otherwise."""
    try:
        import debugpy
    except ImportError:
        return lambda: None
    return debugpy.breakpoint


def state_of(aggregate):
    attributes = vars(aggregate) if hasattr(aggregate, "__dict__") else {}
    return {name: value for name, value in attributes.items() if not callable(value)}


def main(data_file):
    with open(data_file, encoding="utf-8") as handle:
        data = json.load(handle)
    reducer_file, aggregate_type, stop_at, events = data["reducerFile"], data["aggregateType"], data["stopAt"], data["events"]
    reducer = reducer_class(load_module(reducer_file, "efx_debug_reducer", reducer_file), aggregate_type, reducer_file)
    if stop_at > 0:
        before_file = os.path.join(os.path.dirname(reducer_file), "." + os.path.basename(reducer_file) + ".before-the-chosen-event.py")
        before = reducer_class(load_module(reducer_file, "efx_debug_reducer_before", before_file, copy=True), aggregate_type, reducer_file)
        aggregate = new_aggregate(before, data["aggregateId"])
    else:
        aggregate = new_aggregate(reducer, data["aggregateId"])
    pause = pause_function()
    for index, event in enumerate(events):
        if index == stop_at:
            # From here on the user's own class applies the events: the instance keeps its attributes.
            aggregate.__class__ = reducer
            # Paused before the chosen event: `event` is about to be applied to `aggregate`. Step into apply().
            pause()
        aggregate.apply(event)
    print(json.dumps(state_of(aggregate), default=repr))


if __name__ == "__main__":
    main(sys.argv[1])
