#!/usr/bin/env python3
"""Generate a large, VALID engine configuration for benchmarking `engine validate`.

Benchmark input only -- not a test, never part of CI.

    bench/generate_config.py OUTDIR [--flows 1000 --nodes 20 --senders 500
                                     --campaigns 100 --contacts 1000000 --seed 1]

The output follows docs/configuration.md:

  settings.yaml                Settings (defaultCountryCode "1", business hours)
  senders/senders-NN.yaml      simulator senders, several documents per file
  flows/flows-NNN.yaml         flows of --nodes nodes each, a few per file
  campaigns/campaigns-NN.yaml  campaigns, several per file, each naming its own CSV
  contacts/campaign-NNN.csv    phone,name,city,plan -- unique valid NANP numbers
  auto-replies/, broadcasts/   a handful of each, for a realistic mix

Every flow node is reachable from `start`, every loop passes a wait or a delay, every
<<vars.x>> is set by a wait/set/http node of the same flow, and trigger keywords are
unique (kw-<flow>-<i>), so no keyword is claimed twice on a sender.

The output is a pure function of the arguments (random.Random(seed)); OUTDIR is
replaced.
"""

import argparse
import json
import os
import random
import shutil
import sys
import time

FIRST_NAMES = """James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William
Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy
Matthew Betty Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly Andrew Emily Paul Donna
Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald
Rebecca Jason Sharon Edward Laura Jeffrey Cynthia Ryan Dorothy Jacob Amy Gary Kathleen Nicholas
Angela Eric Shirley Jonathan Emma Stephen Brenda Larry Pamela Justin Nicole Scott Anna Brandon
Samantha Benjamin Katherine Samuel Christine Gregory Debra Alexander Rachel Patrick Carolyn Frank
Janet Raymond Maria Jack Olivia Dennis Heather Jerry Helen Tyler Catherine Aaron Diane Jose Julie
Adam Victoria Nathan Joyce Henry Lauren Zachary Kelly Douglas Christina Peter Ruth Kyle Joan Noah
Virginia Ethan Judith Jeremy Evelyn Walter Hannah Christian Andrea Keith Megan Roger Cheryl Terry
Jacqueline Austin Madison Sean Teresa Gerald Abigail Carl Sophia Harold Martha Dylan Sara Arthur
Gloria Lawrence Janice Jordan Kathryn Jesse Ann Bryan Isabella Billy Judy Bruce Charlotte Gabriel
Julia Joe Grace Logan Amber Alan Alice Juan Jean Albert Denise Willie Frances Elijah Danielle
Wayne Marilyn Randy Natalie Vincent Beverly Mason Diana Roy Brittany Ralph Theresa Bobby Kayla
Russell Alexis Bradley Doris Philip Lori Eugene Tiffany Zoe Chloe Mia Aiden Liam Ava Lucas Elena
Renee Jose Andre Chen Wei Priya Arjun Fatima Omar Yuki Hiro Sofia Mateo Lucia Diego Camila""".split()

LAST_NAMES = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez
Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores
Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner
Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz
Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez
Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross
Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales
Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace
Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro
Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman
Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason
Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills
Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant
Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott
Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins
Hoffman Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval""".split()

CITIES = """New York|Los Angeles|Chicago|Houston|Phoenix|Philadelphia|San Antonio|San Diego|Dallas|
San Jose|Austin|Jacksonville|Fort Worth|Columbus|Charlotte|Indianapolis|San Francisco|Seattle|
Denver|Oklahoma City|Nashville|Washington|El Paso|Las Vegas|Boston|Detroit|Portland|Louisville|
Memphis|Baltimore|Milwaukee|Albuquerque|Tucson|Fresno|Sacramento|Mesa|Atlanta|Kansas City|
Colorado Springs|Omaha|Raleigh|Miami|Virginia Beach|Long Beach|Oakland|Minneapolis|Tulsa|
Bakersfield|Tampa|Arlington|Wichita|Aurora|New Orleans|Cleveland|Honolulu|Anaheim|Henderson|
Orlando|Lexington|Stockton|Riverside|Irvine|Corpus Christi|Newark|Santa Ana|Cincinnati|
Pittsburgh|Saint Paul|Greensboro|Jersey City|Durham|Lincoln|North Las Vegas|Plano|Anchorage|
Gilbert|Madison|Reno|Chandler|St. Louis|Chula Vista|Buffalo|Fort Wayne|Lubbock|St. Petersburg|
Toledo|Laredo|Port St. Lucie|Glendale|Irving|Winston-Salem|Chesapeake|Garland|Scottsdale|
Boise|Hialeah|Frisco|Richmond|Cape Coral|Norfolk|Spokane|Huntsville|Santa Clarita|Tacoma|
Fremont|McKinney|San Bernardino|Baton Rouge|Modesto|Fontana|Salt Lake City|Moreno Valley|
Des Moines|Worcester|Yonkers|Fayetteville|Sioux Falls|Grand Prairie|Rochester|Tallahassee|
Little Rock|Amarillo|Overland Park|Augusta|Mobile|Oxnard|Grand Rapids|Peoria|Vancouver|
Knoxville|Birmingham|Montgomery|Providence|Huntington Beach|Brownsville|Chattanooga|
Fort Lauderdale|Tempe|Akron|Clarksville|Ontario|Newport News|Elk Grove|Cary|Eugene|Salem|
Pembroke Pines|Santa Rosa|Rancho Cucamonga|Shreveport|Garden Grove|Oceanside|Fort Collins|
Springfield|Murfreesboro|Surprise|Lancaster|Denton|Roseville|Palmdale|Corona|Salinas|Killeen|
Paterson|Alexandria|Hollywood|Hayward|Charleston|Macon|Lakewood|Sunnyvale|Kansas City|
Bellevue|Naperville|Joliet|Bridgeport|Mesquite|Pasadena|Olathe|Escondido|Savannah|McAllen|
Gainesville|Pomona|Rockford|Thornton|Waco|Visalia|Syracuse|Columbia|Midland|Miramar|Palm Bay|
Jackson|Coral Springs|Victorville|Elizabeth|Fullerton|Meridian|Torrance|Stamford|West Valley City|
Orange|Cedar Rapids|Warren|Hampton|New Haven|Dayton|Ann Arbor|Burbank""".replace("\n", "").split("|")

PLANS = ["free", "basic", "pro", "business", "enterprise"]
TIMEZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
             "America/Phoenix", "UTC", "Europe/Berlin"]
DAYS = ["mon-fri", "daily", "mon-sat", "sat,sun", "mon,wed-fri", "tue-thu", "fri-mon"]


def q(text):
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text)


# --------------------------------------------------------------------------- phones

def nanp_codes():
    """Three-digit NANP codes NXX (N = 2-9) that are not N11 service codes."""
    return [c for c in range(200, 1000) if c % 100 != 11]


CODES = nanp_codes()  # 792 codes


def phone_digits(index):
    """Ten NANP digits for an index into area x exchange x line (bijective)."""
    line = index % 10000
    rest = index // 10000
    exchange = CODES[rest % len(CODES)]
    area = CODES[rest // len(CODES)]
    return "%03d%03d%04d" % (area, exchange, line)


PHONE_SPACE = len(CODES) * len(CODES) * 10000


def notation(digits, style):
    """The same NANP number written in one of several accepted notations."""
    a, e, l = digits[:3], digits[3:6], digits[6:]
    if style == 0:
        return "+1" + digits                       # E.164
    if style == 1:
        return "+1 %s %s %s" % (a, e, l)             # spaced international
    if style == 2:
        return "(%s) %s-%s" % (a, e, l)              # national, parentheses
    if style == 3:
        return "%s.%s.%s" % (a, e, l)                # national, dots
    if style == 4:
        return "%s-%s-%s" % (a, e, l)                # national, dashes
    if style == 5:
        return "001 %s %s %s" % (a, e, l)            # 00 international prefix
    if style == 6:
        return "+1 (%s) %s-%s" % (a, e, l)           # international, parentheses
    return digits                                    # bare national digits


PHONE_STYLE_WEIGHTS = [50, 15, 10, 5, 8, 2, 5, 5]   # mostly E.164, some mixed


# --------------------------------------------------------------------------- senders

def write_settings(out):
    with open(os.path.join(out, "settings.yaml"), "w") as f:
        f.write("# yaml-language-server: $schema=./engine.schema.json\n")
        f.write("kind: Settings\nname: default\n")
        f.write('defaultCountryCode: "1"\n')
        f.write("timezone: America/New_York\n")
        f.write('businessHours: { days: mon-fri, from: "09:00", to: "18:00" }\n')
        f.write("optOutWords: [STOP, UNSUBSCRIBE, CANCEL, QUIT]\n")
        f.write("notifications: { email: ops@example.com }\n")
        f.write("apiToken: ${env:ENGINE_API_TOKEN}\n")


def sender_names(count):
    return ["sender-%03d" % i for i in range(count)]


def write_senders(out, rng, count, per_file=50):
    os.makedirs(os.path.join(out, "senders"))
    names = sender_names(count)
    for start in range(0, count, per_file):
        path = os.path.join(out, "senders", "senders-%02d.yaml" % (start // per_file))
        docs = []
        for i in range(start, min(start + per_file, count)):
            # Senders use area code 212, exchange 555, lines 0100-: fictional-looking but valid NANP.
            phone = "+1212555%04d" % (100 + i) if i < 9900 else "+1%s" % phone_digits(PHONE_SPACE - 1 - i)
            per_minute = rng.choice([10, 20, 30, 60])
            per_hour = per_minute * rng.choice([10, 20, 30])
            per_day = per_hour * rng.choice([5, 10, 12])
            lines = [
                "kind: Sender",
                "name: %s" % names[i],
                "description: %s" % q("Simulated number %d (%s team)" % (i, rng.choice(["sales", "support", "ops", "marketing"]))),
                "transport: simulator",
                "phone: %s" % q(phone),
                "enabled: %s" % ("false" if i % 97 == 96 else "true"),
                "quota: { perMinute: %d, perHour: %d, perDay: %d }" % (per_minute, per_hour, per_day),
            ]
            if i % 5 == 0:
                lines.append("warmup: { days: %d, from: %d }" % (rng.randint(5, 30), min(per_day, rng.choice([50, 100, 200]))))
            if i % 3 == 0:
                lines.append("resumeAfter: %s" % rng.choice(["30m", "1h", "2h30m"]))
            lines.append("simulator:")
            lines.append("  latency: %dms-%dms" % (rng.randint(10, 80), rng.randint(100, 400)))
            lines.append("  failureRate: %s" % rng.choice(["0", "0.01", "0.02", "0.05"]))
            lines.append("  seed: %d" % rng.randint(0, 10000))
            if i % 4 == 0:
                lines.append('  undeliverable: ["+1555019*", "+1 212 555 9*"]')
            lines.append("  deliveredAfter: %s" % rng.choice(["500ms", "1s", "2s"]))
            lines.append("  readAfter: %s" % rng.choice(["3s", "5s", "1m"]))
            docs.append("\n".join(lines) + "\n")
        with open(path, "w") as f:
            f.write("---\n".join(docs))
    return names


# --------------------------------------------------------------------------- flows

def flow_nodes(rng, flow, total):
    """Node definitions (name, dict of YAML fragments in order) for one flow.

    Skeleton (every node reachable, loops pass a wait or delay):

      greet -> menu -> pick --(timeout)--> no_answer -> end
                        |
                      route --order--> ask_order -> order_no --(timeout)--> no_answer
                        |                              |
                        |--help--> handoff_node        lookup --error--> lookup_failed -> retry_pause -> lookup
                        |--default--> not_understood -> menu          |
                                                                    report -> [filler chain] -> rate_ask
      rate_ask -> rating --(timeout)--> goodbye
                    |
                 rate_route --range 4..5--> goodbye, --hasValue--> low_rating -> feedback -> goodbye
      goodbye -> done (end)
    """
    fid = "f%04d" % flow
    host = rng.choice(["shop.example.com", "api.example.org", "orders.example.net", "crm.example.io"])
    nodes = []

    def add(name, body):
        nodes.append((name, body))

    wait_choice = rng.choice(["10m", "15m", "30m", "1h"])
    buttons = rng.randint(2, 3)
    button_items = [("order", "Track an order"), ("help", "Talk to a person"), ("faq", "Read the FAQ")][:buttons]

    add("greet", [("send", q(rng.choice([
        "Hi <<contact.name>>! Welcome to %s support." % fid,
        "Hello <<contact.name | default: \"there\">>, this is <<sender.name>>.",
        "Hey <<contact.name | title>>, thanks for writing to us.",
    ]))), ("next", "menu")])
    add("menu", [("send", "{ text: %s, buttons: [%s] }" % (
        q("What can we do for you, <<contact.name>>?"),
        ", ".join("{ id: %s, title: %s }" % (bid, q(title)) for bid, title in button_items))), ("next", "pick")])
    add("pick", [("wait", "{ save: choice, timeout: %s }" % wait_choice), ("next", "route"), ("timeout", "no_answer")])
    cases = ['{ equals: "order", next: ask_order }', '{ contains: "help", next: handoff_node }']
    if rng.random() < 0.5:
        cases.append('{ regex: "^(track|where)\\\\b", next: ask_order }')
    add("route", [("branch", "{ value: \"<<vars.choice>>\", cases: [%s], default: not_understood }" % ", ".join(cases))])
    add("not_understood", [("send", q("Sorry, I did not get \"<<vars.choice | truncate: 20>>\". Please pick one of the buttons.")), ("next", "menu")])
    add("handoff_node", [("handoff", "{ for: %s, note: %s }" % (rng.choice(["1h", "24h", "2d"]), q("<<contact.name>> (<<contact.phone>>) asked for help in %s" % fid)))])
    add("ask_order", [("send", q("Please send your order number.")), ("next", "order_no")])
    add("order_no", [("wait", "{ save: order, timeout: %s, validate: { type: number, reprompt: %s, attempts: %d } }" % (
        rng.choice(["5m", "10m", "20m"]), q("Order numbers are digits only, <<contact.name>>."), rng.randint(2, 5))),
        ("next", "lookup"), ("timeout", "no_answer")])
    add("lookup", [("http", "{ method: GET, url: %s, headers: { Authorization: %s }, timeout: %s, retries: %d, save: { status: body.status, eta: body.delivery.eta } }" % (
        q("https://%s/%s/orders/<<vars.order | urlencode>>" % (host, fid)), q("Bearer ${env:SHOP_TOKEN}"),
        rng.choice(["5s", "10s"]), rng.randint(0, 3))), ("next", "report"), ("error", "lookup_failed")])
    add("lookup_failed", [("send", q("The shop is not answering, <<contact.name>>; I will try again shortly.")), ("next", "retry_pause")])
    add("retry_pause", [("delay", rng.choice(["30s", "1m", "2m"])), ("next", "lookup")])
    add("report", [("send", q("Order <<vars.order>> is <<vars.status | upper>>, expected <<vars.eta | default: \"soon\">>.")), ("next", None)])
    # filler chain from report to rate_ask, then the rating tail
    tail = [
        ("rate_ask", [("send", q("How would you rate us, 1 to 5?")), ("next", "rating")]),
        ("rating", [("wait", "{ save: rating, timeout: %s, validate: { type: choice, choices: [\"1\", \"2\", \"3\", \"4\", \"5\"] } }" % rng.choice(["1h", "2h", "1d"])),
                    ("next", "rate_route"), ("timeout", "goodbye")]),
        ("rate_route", [("branch", "{ value: \"<<vars.rating>>\", cases: [{ range: { min: 4, max: 5 }, next: goodbye }, { hasValue: true, next: low_rating }], default: goodbye }")]),
        ("low_rating", [("set", "{ feedback: %s, rated_at: %s }" % (q("low-<<vars.rating>>-<<vars.order>>"), q("<<flow.message | trim>>"))), ("next", "feedback")]),
        ("feedback", [("http", "{ method: POST, url: %s, body: { flow: %s, phone: \"<<contact.phone>>\", rating: \"<<vars.rating>>\", note: \"<<vars.feedback>>\" }, save: { ticket: body.id } }" % (
            q("https://hooks.example.com/feedback/%s" % fid), fid)), ("next", "goodbye"), ("error", "goodbye")]),
        ("no_answer", [("send", q("No answer from you, <<contact.name>>; write \"kw-%d-0\" to start again." % flow)), ("next", "goodbye")]),
        ("goodbye", [("send", q("Bye <<contact.name>>!")), ("next", "done")]),
        ("done", [("end", "true")]),
    ]
    filler = total - len(nodes) - len(tail)
    if filler < 0:
        raise SystemExit("--nodes must be at least %d" % (len(nodes) + len(tail)))

    chain = ["step%02d" % k for k in range(filler)] + ["rate_ask"]
    # report -> first of chain
    nodes[-1] = ("report", [nodes[-1][1][0], ("next", chain[0])])
    kinds = ["set", "send", "http", "delay", "wait", "branch", "send", "set"]
    saved = ["order", "status", "eta", "choice"]
    for k in range(filler):
        name, nxt = chain[k], chain[k + 1]
        kind = kinds[(k + rng.randint(0, len(kinds) - 1)) % len(kinds)] if k % 3 else kinds[k % len(kinds)]
        var = "v%02d" % k
        used = rng.choice(saved)
        if kind == "set":
            add(name, [("set", "{ %s: %s, last_step: %s }" % (var, q("<<vars.%s>>-%d" % (used, k)), q(name))), ("next", nxt)])
            saved.append(var)
        elif kind == "send":
            add(name, [("send", q(rng.choice([
                "Step %d for <<contact.name>>: <<vars.%s>>." % (k, used),
                "Still there, <<contact.name | title>>? (<<vars.%s | default: \"-\">>)" % used,
                "Noted <<vars.%s>>. Reply anytime." % used,
            ]))), ("next", nxt)])
        elif kind == "http":
            add(name, [("http", "{ method: %s, url: %s, save: { %s: body.result.value } }" % (
                rng.choice(["GET", "POST", "PUT"]), q("https://%s/%s/steps/%d?ref=<<vars.%s>>" % (host, fid, k, used)), var)),
                ("next", nxt), ("error", nxt)])
            saved.append(var)
        elif kind == "delay":
            add(name, [("delay", rng.choice(["2s", "500ms", "10s", "1m"])), ("next", nxt)])
        elif kind == "wait":
            add(name, [("wait", "{ save: %s, timeout: %s }" % (var, rng.choice(["5m", "30m", "1h"]))), ("next", nxt), ("timeout", nxt)])
            saved.append(var)
        else:  # branch
            add(name, [("branch", "{ value: \"<<vars.%s>>\", cases: [{ equals: %s, next: %s }, { hasValue: false, next: %s }], default: %s }" % (
                used, q("x%d" % k), nxt, nxt, nxt))])
    for entry in tail:
        add(*entry)
    return nodes


def render_flow(rng, flow, total, senders):
    name = "flow-%04d" % flow
    lines = ["kind: Flow", "name: %s" % name,
             "description: %s" % q("Generated support flow %d" % flow)]
    subset = sorted(rng.sample(senders, min(len(senders), rng.randint(3, 12))))
    lines.append("senders: [%s]" % ", ".join(subset))
    if flow % 50 == 49:
        lines.append("interruptible: false")
    lines.append("stepLimit: %d" % rng.choice([100, 200, 500]))
    lines.append("triggers:")
    keywords = ["kw-%d-%d" % (flow, i) for i in range(rng.randint(2, 4))]
    lines.append("  - keywords: [%s]" % ", ".join(keywords))
    lines.append("    match: %s" % rng.choice(["word", "exact", "prefix"]))
    if flow % 4 == 0:
        lines.append("  - keywords: [%s]" % q("^kw-%d-re[0-9]+$" % flow))
        lines.append("    match: regex")
    lines.append("start: greet")
    lines.append("nodes:")
    for node_name, body in flow_nodes(rng, flow, total):
        fields = [(k, v) for k, v in body if v is not None]
        if rng.random() < 0.6:
            lines.append("  %s: { %s }" % (node_name, ", ".join("%s: %s" % kv for kv in fields)))
        else:
            lines.append("  %s:" % node_name)
            for k, v in fields:
                lines.append("    %s: %s" % (k, v))
    return "\n".join(lines) + "\n"


def write_flows(out, rng, count, total, senders, per_file=5):
    os.makedirs(os.path.join(out, "flows"))
    for start in range(0, count, per_file):
        docs = [render_flow(rng, i, total, senders) for i in range(start, min(start + per_file, count))]
        with open(os.path.join(out, "flows", "flows-%03d.yaml" % (start // per_file)), "w") as f:
            f.write("---\n".join(docs))


# --------------------------------------------------------------------------- campaigns

def write_campaigns(out, rng, count, contacts, senders, per_file=10):
    os.makedirs(os.path.join(out, "campaigns"))
    os.makedirs(os.path.join(out, "contacts"))
    # Unique numbers for every contact of every campaign, drawn from the NANP space.
    indexes = rng.sample(range(PHONE_SPACE - 100000), contacts)   # top of the space is left for senders/inline lists
    per_campaign = [contacts // count + (1 if i < contacts % count else 0) for i in range(count)]
    styles = list(range(len(PHONE_STYLE_WEIGHTS)))
    rows_written = 0
    docs = []
    for c in range(count):
        csv_name = "contacts/campaign-%03d.csv" % c
        n = per_campaign[c]
        chunk = indexes[rows_written:rows_written + n]
        style_list = rng.choices(styles, weights=PHONE_STYLE_WEIGHTS, k=n)
        firsts = rng.choices(FIRST_NAMES, k=n)
        lasts = rng.choices(LAST_NAMES, k=n)
        cities = rng.choices(CITIES, k=n)
        plans = rng.choices(PLANS, weights=[30, 30, 20, 15, 5], k=n)
        with open(os.path.join(out, csv_name), "w", newline="") as f:
            f.write("phone,name,city,plan\n")
            f.write("".join("%s,%s %s,%s,%s\n" % (notation(phone_digits(idx), st), fn, ln, city, plan)
                            for idx, st, fn, ln, city, plan in zip(chunk, style_list, firsts, lasts, cities, plans)))
        rows_written += n

        subset = sorted(rng.sample(senders, min(len(senders), rng.randint(1, 8))))
        lines = ["kind: Campaign", "name: campaign-%03d" % c,
                 "description: %s" % q("Generated campaign %d, %d contacts" % (c, n)),
                 "state: %s" % rng.choice(["draft", "running", "running", "paused"]),
                 "senders: [%s]" % ", ".join(subset)]
        if c % 5 == 4:
            lines.append("template: { name: %s, language: en_US, parameters: [\"<<contact.name>>\", \"<<contact.city>>\"] }" % ("promo_%03d" % c))
        else:
            lines.append("message: %s" % q(rng.choice([
                "Hi <<contact.name>>! Our %s store in <<contact.city>> has 20%% off today only." % rng.choice(["spring", "summer", "autumn", "winter"]),
                "Hello <<contact.name | title>>, new deals just landed in <<contact.city>>. Reply STOP to opt out.",
                "<<contact.name>>, your <<contact.plan | upper>> plan has a bonus waiting in <<contact.city>>.",
            ])))
            if c % 3 == 0:
                lines.append("media: { url: %s, type: image }" % q("https://cdn.example.com/campaigns/%03d.jpg" % c))
        lines.append("contacts: %s" % csv_name)
        min_delay = rng.choice([1, 2, 3])
        lines.append("pacing: { minDelay: %ds, maxDelay: %ds, typing: %s }" % (min_delay, min_delay + rng.randint(0, 5), rng.choice(["true", "false"])))
        lines.append("schedule:")
        lines.append("  start: %s" % q("2026-%02d-%02dT09:00:00-05:00" % (rng.randint(1, 12), rng.randint(1, 28))))
        lines.append("  window: { days: %s, from: \"%02d:00\", to: \"%02d:30\" }" % (q(rng.choice(DAYS)), rng.randint(7, 11), rng.randint(16, 21)))
        lines.append("  timezone: %s" % rng.choice(TIMEZONES))
        lines.append("  dailyCap: %d" % rng.choice([500, 1000, 2500, 5000]))
        docs.append("\n".join(lines) + "\n")
    for start in range(0, count, per_file):
        with open(os.path.join(out, "campaigns", "campaigns-%02d.yaml" % (start // per_file)), "w") as f:
            f.write("---\n".join(docs[start:start + per_file]))
    return rows_written


# --------------------------------------------------------------------------- small kinds

def write_small_kinds(out, rng, senders, count=10):
    os.makedirs(os.path.join(out, "auto-replies"))
    os.makedirs(os.path.join(out, "broadcasts"))
    docs = []
    for i in range(count):
        lines = ["kind: AutoReply", "name: away-%02d" % i,
                 "senders: [%s]" % ", ".join(sorted(rng.sample(senders, min(len(senders), 3)))),
                 "when: %s" % ("outside-business-hours" if i % 2 == 0 else "always"),
                 "message: %s" % q("Thanks <<contact.name | default: \"there\">>! <<sender.name>> answers between 9:00 and 18:00."),
                 "delay: %s" % rng.choice(["1s", "2s", "5s"]), "cooldown: %s" % rng.choice(["12h", "24h", "1d"]),
                 "active: %s" % ("true" if i % 3 else "false")]
        docs.append("\n".join(lines) + "\n")
    with open(os.path.join(out, "auto-replies", "away.yaml"), "w") as f:
        f.write("---\n".join(docs))
    base = PHONE_SPACE - 100000 + 50000   # disjoint from campaign contacts and senders
    docs = []
    for i in range(count):
        members = []
        for m in range(5):
            members.append("  - { phone: %s, name: %s, city: %s }" % (
                q(notation(phone_digits(base + i * 10 + m), m % 3)), q(rng.choice(FIRST_NAMES)), q(rng.choice(CITIES))))
        lines = ["kind: BroadcastList", "name: vip-%02d" % i, "sender: %s" % rng.choice(senders), "members:"] + members + [
            "batch: { size: %d, pause: %s }" % (rng.choice([64, 128, 256]), rng.choice(["5s", "10s"])),
            "sends:",
            "  - id: 2026-launch-%02d" % i,
            "    message: %s" % q("New collection is live in <<contact.city>>, <<contact.name>>!"),
            "  - id: 2026-followup-%02d" % i,
            "    template: { name: followup, language: en, parameters: [\"<<contact.name>>\"] }"]
        docs.append("\n".join(lines) + "\n")
    with open(os.path.join(out, "broadcasts", "vip.yaml"), "w") as f:
        f.write("---\n".join(docs))


# --------------------------------------------------------------------------- main

def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir")
    parser.add_argument("--flows", type=int, default=1000)
    parser.add_argument("--nodes", type=int, default=20)
    parser.add_argument("--senders", type=int, default=500)
    parser.add_argument("--campaigns", type=int, default=100)
    parser.add_argument("--contacts", type=int, default=1000000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.senders < 1 or args.campaigns < 1 or args.contacts < args.campaigns:
        parser.error("need at least one sender, one campaign and one contact per campaign")

    started = time.perf_counter()
    out = args.outdir
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    # Independent streams per part, so changing one count leaves the other parts alone.
    write_settings(out)
    senders = write_senders(out, random.Random("%d-senders" % args.seed), args.senders)
    write_flows(out, random.Random("%d-flows" % args.seed), args.flows, args.nodes, senders)
    rows = write_campaigns(out, random.Random("%d-campaigns" % args.seed), args.campaigns, args.contacts, senders)
    write_small_kinds(out, random.Random("%d-small" % args.seed), senders)
    print("generated %s: %d senders, %d flows x %d nodes, %d campaigns, %d contact rows in %.1fs"
          % (out, args.senders, args.flows, args.nodes, args.campaigns, rows, time.perf_counter() - started))


if __name__ == "__main__":
    main(sys.argv[1:])
