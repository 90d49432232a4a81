"""The sender's own cost per message, beside the bare RSA-2048 signature it must pay.

Run: .venv/bin/python bench/bench_send.py
Measures, round-robin in one run and without any network:

* bare RSA-2048 SHA256withRSA signature (cryptography, the floor),
* ``client.prepare(body)``: serialise + content-to-sign + sign + headers,
* ``client.http_request(body)``: the same plus the ``httpx.Request`` object,
* ``build_request(pack, ...)`` + ``client.prepare``: the whole per-message cost from a
  sample pack (5 languages matched, parameters formatted per language, body checked
  against the API's rules, serialised, signed),

and prints each one's ratio to the bare signature (target: <= 1.5x).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import best_ns, table
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from msgtemplate import build_request, load_pack
from msgtemplate.sender import signing
from msgtemplate.sender.client import MessageClient

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "shop.yaml"

TARGET_RATIO = 1.5

BODY = {
    "appId": "P000000000000001xxxx",
    "accessToken": "2019112719074101000700000077771xxxx",
    "requestId": "20191127190741010007013213123xxxx",
    "templateCode": "TP_5800000001xxxx",
    "redirectUrl": "/pages/order/detail?id=A-1029",
    "templates": [
        {"language": lang, "templateParameters": {"who": "XiaoMing", "amount": "$12.50"}}
        for lang in ("en-US", "zh-CN", "ja-JP", "th-TH", "id-ID")
    ],
}


def main() -> None:
    key, public = signing.generate_key_pair()
    client = MessageClient("https://open.example.test", "TEST_CLIENT", key)
    prepared = client.prepare(BODY)
    assert signing.verify_signed("POST", client.signed_uri, prepared.headers, prepared.body, public)

    raw_key = key.cryptography_key
    content = signing.content_to_sign(
        "POST", client.signed_uri, "TEST_CLIENT", "2026-11-28T12:00:00.000+00:00", prepared.body
    )
    pkcs1, sha256 = padding.PKCS1v15(), hashes.SHA256()

    pack = load_pack(SAMPLE)
    code = "TP_SHOP_PAYMENT_RECEIVED"
    params = {name: spec.example for name, spec in pack.templates[code].parameters.items()}

    def from_pack() -> object:
        body = build_request(
            pack,
            code,
            access_token="token-0001",
            request_id="order-1029-paid",
            params=params,
            locales=["es-MX", "en"],
        )
        return client.prepare(body)

    from_pack()  # warm the pack's formatter caches, as a long-running sender has them

    results = best_ns(
        {
            "bare RSA-2048 sign (cryptography)": lambda: raw_key.sign(content, pkcs1, sha256),
            "client.prepare(body)": lambda: client.prepare(BODY),
            "client.http_request(body)": lambda: client.http_request(BODY),
            "build_request(pack) + client.prepare": from_pack,
        },
        number=200,
        rounds=7,
    )
    client.close()

    floor = results["bare RSA-2048 sign (cryptography)"]
    rows: list[tuple[str, ...]] = [("what", "µs/message", "× bare sign")]
    rows += [(name, f"{ns / 1000:.1f}", f"{ns / floor:.3f}") for name, ns in results.items()]
    print(f"Body: {len(prepared.body)} bytes, 5 ContentTemplates")
    print(table(rows))
    worst = max(v for k, v in results.items() if not k.startswith("bare")) / floor
    verdict = "OK" if worst <= TARGET_RATIO else "OVER TARGET"
    print(
        f"client overhead: {worst:.3f}x the bare signature (target <= {TARGET_RATIO}x): {verdict}"
    )


if __name__ == "__main__":
    main()
