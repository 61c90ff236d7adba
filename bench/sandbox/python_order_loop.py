"""The Python bench row's baseline: the chapter's Order applied in a plain loop, no harness.

Reads the same NDJSON events the harness gets (decoding them is work both sides do), then applies them to
one Order instance; prints the milliseconds of decode + loop, and the final state as JSON for the check.
Usage: python3 python_order_loop.py <chapter_order.py> <events.ndjson>
"""
import importlib.util
import json
import sys
import time

spec = importlib.util.spec_from_file_location("chapter_order", sys.argv[1])
module = importlib.util.module_from_spec(spec)
sys.path.insert(0, __import__("os").path.dirname(sys.argv[1]))
spec.loader.exec_module(module)
with open(sys.argv[2], encoding="utf-8") as f:
    lines = f.readlines()

started = time.perf_counter()
order = module.Order(json.loads(lines[0])["aggregate_id"])
for line in lines:
    order.apply(json.loads(line))
elapsed = (time.perf_counter() - started) * 1000
print(json.dumps({"ms": elapsed, "state": {k: v for k, v in vars(order).items()}}))
