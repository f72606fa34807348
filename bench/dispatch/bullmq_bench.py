"""The peer of bench/dispatch.sh: BullMQ's Python port processing no-op jobs.

Adds JOBS jobs (addBulk, in chunks) to an empty queue on a local Redis, then starts one
worker whose processor does nothing and times it until every job has completed. Completed
jobs are kept (removeOnComplete false), as the engine keeps its sent rows. Prints one
`key=value ...` line: the add rate, the processing rate, and the peak RSS of this Python
process (Redis runs in its own process).

    python bullmq_bench.py --port 16390 --jobs 1000000 --concurrency 100
"""

import argparse
import asyncio
import resource
import time

from bullmq import Queue, Worker


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--jobs", type=int, default=1_000_000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--chunk", type=int, default=1000)
    parser.add_argument("--queue", default="dispatch-bench")
    arguments = parser.parse_args()
    connection = {"connection": f"redis://127.0.0.1:{arguments.port}"}

    queue = Queue(arguments.queue, connection)
    await queue.obliterate(force=True)
    added = time.perf_counter()
    for start in range(0, arguments.jobs, arguments.chunk):
        count = min(arguments.chunk, arguments.jobs - start)
        await queue.addBulk(
            [{"name": "send", "data": {"to": "+1555%07d" % (start + index), "text": "Your order has shipped"}} for index in range(count)]
        )
    add_seconds = time.perf_counter() - added

    done = asyncio.Event()
    completed = 0

    def on_completed(job, result):
        nonlocal completed
        completed += 1
        if completed >= arguments.jobs:
            done.set()

    async def process(job, token):
        return None

    started = time.perf_counter()
    worker = Worker(arguments.queue, process, {**connection, "concurrency": arguments.concurrency, "removeOnComplete": False})
    worker.on("completed", on_completed)
    await done.wait()
    seconds = time.perf_counter() - started
    await worker.close()
    counts = await queue.getJobCounts("completed", "waiting", "active", "failed")
    await queue.close()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        "jobs=%d add_seconds=%.3f add_rate=%.0f seconds=%.3f rate=%.0f concurrency=%d completed=%d failed=%d peak_rss_mb=%.1f"
        % (
            arguments.jobs,
            add_seconds,
            arguments.jobs / add_seconds,
            seconds,
            arguments.jobs / seconds,
            arguments.concurrency,
            counts.get("completed", 0),
            counts.get("failed", 0),
            peak_kib / 1024,
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
