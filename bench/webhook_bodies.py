"""Writes signed Cloud API webhook bodies for bench/webhook.sh, one request per line:
the X-Hub-Signature-256 value, a tab, then the body (compact JSON, no tab or newline).

Each body is Meta's shape for one inbound text message (as in
/work/shared/conformance/cloud-api/inbound-text.json) with its own wamid, so the engine
stores every one instead of dropping it as a duplicate. Contacts cycle through CONTACTS
numbers, as real traffic spreads over many conversations.

    python3 webhook_bodies.py OUT COUNT CONTACTS PHONE_NUMBER_ID APP_SECRET
"""

import hashlib
import hmac
import json
import sys

out, count, contacts, phone_number_id, secret = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
key = secret.encode()
with open(out, "w") as lines:
    for index in range(count):
        wa_id = "1555%07d" % (index % contacts)
        body = json.dumps(
            {
                "object": "whatsapp_business_account",
                "entry": [
                    {
                        "id": "730000111222333",
                        "changes": [
                            {
                                "field": "messages",
                                "value": {
                                    "messaging_product": "whatsapp",
                                    "metadata": {"display_phone_number": "15550001111", "phone_number_id": phone_number_id},
                                    "contacts": [{"profile": {"name": "Bench Contact %d" % (index % contacts)}, "wa_id": wa_id}],
                                    "messages": [
                                        {
                                            "from": wa_id,
                                            "id": "wamid.BENCH.%08d" % index,
                                            "timestamp": str(1764064800 + index // 1000),
                                            "type": "text",
                                            "text": {"body": "order status please"},
                                        }
                                    ],
                                },
                            }
                        ],
                    }
                ],
            },
            separators=(",", ":"),
        ).encode()
        signature = "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()
        lines.write(signature + "\t" + body.decode() + "\n")
