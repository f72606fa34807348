"""Driver for bench/inbound-latency.sh: plays contacts writing to a simulator sender at a
steady rate, then reads the engine's own timestamps back from the state database.

    python inbound_latency.py URL STATE_DB RATE SECONDS WARMUP_SECONDS SENDERS OUT_JSON

SENDERS is a comma-separated list of simulator senders; message i goes to the
(i mod count)-th, so each sender gets RATE / count messages a second.

Open loop: message i is due at start + i / RATE whether or not earlier ones were answered
(up to 512 connections), so a slow engine shows up as latency instead of a lower rate.
Every message comes from its own contact, so the flow starts a fresh execution for each
and its answer is found by recipient.

Figures, per message after the warm-up:
- engine: outbox.created_at (the answer row) - inbound_messages.received_at, both written
  by the engine; the store writes milliseconds, so each value is +-1 ms.
- end to end: outbox.created_at - the moment the driver was due to POST (same machine,
  same wall clock): adds the HTTP request and any queueing before the engine stamps it.
- driver lag: when the POST actually began - when it was due (this driver's own delay,
  part of the two figures above and below).
- HTTP answer: the 202, which the engine sends once the message and its answer row are
  committed, minus the due moment: when the enqueued answer is durable.
"""

import asyncio
import datetime
import json
import sqlite3
import sys
import time

import aiohttp

url, state, rate, seconds, warmup, senders, out = (
    sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6].split(","), sys.argv[7])
count = int(rate * seconds)


def contact(index):
    return "+1555%07d" % index


async def main():
    due = [0.0] * count  # wall-clock seconds
    answered = [None] * count  # (status, wall-clock seconds)
    started = [0.0] * count  # when the POST actually began: the driver's own lag
    connector = aiohttp.TCPConnector(limit=512)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def post(index):
            started[index] = time.time()
            body = json.dumps({"sender": senders[index % len(senders)], "from": contact(index), "name": "Contact %d" % index, "text": "hi"})
            try:
                async with session.post(url, data=body, headers={"Content-Type": "application/json"}) as response:
                    await response.read()
                    answered[index] = (response.status, time.time())
            except aiohttp.ClientError as error:
                answered[index] = (repr(error), time.time())

        tasks = []
        start_wall, start = time.time() + 0.05, time.perf_counter() + 0.05
        sent = 0
        while sent < count:
            elapsed = time.perf_counter() - start
            target = min(count, int(elapsed * rate) + 1) if elapsed >= 0 else 0
            while sent < target:
                due[sent] = start_wall + sent / rate
                tasks.append(asyncio.create_task(post(sent)))
                sent += 1
            await asyncio.sleep(0.001)
        await asyncio.gather(*tasks)
    return due, answered, started


due, answered, started = asyncio.run(main())
ok = [i for i in range(count) if answered[i][0] == 202]
errors = count - len(ok)
first, last = min(due), max(a[1] for a in answered)


def stored_time(text):
    return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc).timestamp()


# The 202 comes after the commit, so every answer row is there already; wait a little
# anyway in case a step is still being written.
database = sqlite3.connect(f"file:{state}?mode=ro", uri=True)
query = """
    SELECT i.contact, i.received_at, min(o.created_at)
    FROM inbound_messages i LEFT JOIN outbox o ON o.recipient = i.contact AND o.origin_kind = 'flow'
    GROUP BY i.id
"""
for _ in range(50):
    rows = database.execute(query).fetchall()
    if len(rows) >= len(ok) and all(row[2] for row in rows):
        break
    time.sleep(0.1)
sent_rows = database.execute("SELECT count(*) FROM outbox WHERE origin_kind = 'flow' AND state IN ('sent', 'delivered', 'read')").fetchone()[0]
by_contact = {row[0]: row for row in rows}

first_counted = int(warmup * rate)
engine, end_to_end, http, lag, unanswered = [], [], [], [], 0
for index in range(first_counted, count):
    if answered[index][0] != 202:
        continue
    http.append((answered[index][1] - due[index]) * 1000)
    lag.append((started[index] - due[index]) * 1000)
    row = by_contact.get(contact(index))
    if row is None or row[2] is None:
        unanswered += 1
        continue
    engine.append((stored_time(row[2]) - stored_time(row[1])) * 1000)
    end_to_end.append((stored_time(row[2]) - due[index]) * 1000)

json.dump(
    {
        "messages": count,
        "counted": len(http),
        "errors": errors,
        "unanswered": unanswered,
        "stored": len(rows),
        "answers_sent": sent_rows,
        "offered_rate": count / (max(due) - first) if count > 1 else 0,
        "achieved_rate": len(ok) / (last - first),
        "engine_ms": engine,
        "end_to_end_ms": end_to_end,
        "http_ms": http,
        "driver_lag_ms": lag,
    },
    open(out, "w"),
)
