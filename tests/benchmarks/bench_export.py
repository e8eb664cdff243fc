"""Benchmark: `recall export` of 10k cards vs genanki alone writing the same notes (SPEC §10: ≤ 2×).

Run: ``python -m tests.benchmarks.bench_export``. recall's side is what `recall export` does after
`recall sync`: read the note fields sync stored (`recall.store.rendered.load`, from a real
collection file) and run `export_cards` (stored fields checked against each card's text, cards
showing an image rendered and their images hashed and packed, notes built, package written).
The baseline is genanki alone given the finished field HTML (the very strings recall produced):
it builds the same notes (same models, decks, GUIDs, tags) and writes them with
`Package.write_to_file`, media included. Best of several rounds each, interleaved, in one
process; the verdict is on CPU time (this machine is shared, so wall time mostly measures the
wait for a core), wall time is printed beside it.

Printed beside the verdict, not judged: the rendering sync does for these cards (markdown-it-py,
every field) and a cold export with no stored field (the first export after a recall upgrade,
which then stores them).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import genanki

from recall.anki import export_cards
from recall.anki.fields import NoteRenderer
from recall.anki.media import MediaPacker
from recall.anki.notes import NoteBuilder, deck_name
from recall.collection import Collection
from recall.model import Card, SourceRef
from recall.store import rendered
from recall.store.connection import write

CARDS = 10_000
BUDGET_RATIO = 2.0
ROUNDS = 5
WORDS = [
    "soft",
    "prompt",
    "tuning",
    "adapter",
    "rank",
    "matrix",
    "entropy",
    "surprise",
    "gradient",
    "token",
    "layer",
]


def words(n: int, count: int) -> str:
    return " ".join(WORDS[(n * 7 + i * 13) % len(WORDS)] for i in range(count))


def markup(n: int) -> str:
    """One inline construct, in the proportions of the user's log (bold terms first, then code
    spans; a link or a formula now and then)."""
    kind = "BBBBCCLM"[n % 8]
    if kind == "B":
        return f"**{words(n, 2)}**"
    if kind == "C":
        return f"`{words(n, 1)}()`"
    if kind == "L":
        return f"[{words(n, 2)}](https://example.org/{n})"
    return f"$h(x) = -\\log p_{{{n % 9}}}(x)$"


def answer(n: int) -> str:
    """An answer shaped like the user's log. Measured on its cards (recall's extractor on the
    Daily-Learning-Log README and QA_SQL pages): 51% one line of plain prose, 11% one line with
    inline markup, 34% tight lists of about 2.6 one-line items (a quarter of them with markup),
    3% other blocks. Per 100 cards here: 50 prose lines; 11 lines with one or two inline
    constructs (two of them with an image); 33 lists of 2-4 items, every fourth item with
    markup, some nested; 3 lists ending in a lazy continuation line; 2 code fences; 1 table.
    """
    shape = n % 100
    if shape < 50:
        return f"{words(n, 10 + n % 20).capitalize()}."
    if shape < 61:
        image = f" ![diagram](img/figure{n % 20}.png)" if shape < 53 else ""
        second = f" and {markup(n + 1)}" if n % 2 else ""
        return f"{words(n, 6).capitalize()} {markup(n)}{second} {words(n + 1, 5)}.{image}"
    if shape < 94:
        items = []
        for i in range(2 + n % 3):
            text = f"{words(n + i, 4 + i)}" + (f" {markup(n + i)}" if (n + i) % 4 == 0 else "")
            items.append(f"{'  ' if shape >= 88 and i % 2 else ''}- {text}")
        return "\n".join(items)
    if shape < 97:
        return f"- {words(n, 6)}\n- {words(n + 1, 7)}\n=> {words(n + 2, 5)}: h(x) = log(1/p(x))"
    if shape < 99:
        return f"{words(n, 5)}:\n\n```python\ndef f(x):\n    return x * {n}\n```"
    return f"| a | b |\n|---|---|\n| {words(n, 2)} | {n} |"


def make_cards(folder: Path) -> list[Card]:
    (folder / "img").mkdir()
    for i in range(20):
        (folder / "img" / f"figure{i}.png").write_bytes(b"\x89PNG" + bytes([i]) * 4000)
    log_file = folder / "log.md"
    log_file.write_text("# Log\n", encoding="utf-8")
    cards = []
    for n in range(CARDS):
        day = n // 25
        cards.append(
            Card(
                id=f"{n:016x}",
                key=f"k{n}",
                deck="Daily-Learning-Log" if n % 3 else "ML::Notes",
                context=(f"Sep {day % 28 + 1}, 2024: {words(day, 3)}", words(n // 5, 2)),
                question=f"{words(n, 2).capitalize()}" if n % 7 else f"What is `{words(n, 1)}`?",
                answer=answer(n),
                kind="label",
                tags=(f"2024-09-{day % 28 + 1:02d}",),
                source=SourceRef("log.md", n * 3 + 1, n * 3 + 2, None),
                file=str(log_file),
                position=n,
            )
        )
    return cards


def genanki_alone(cards: list[Card], out: Path) -> tuple[float, float]:
    """(wall, CPU) seconds for genanki to build and write the same notes, given their fields."""
    media = MediaPacker()
    builder = NoteBuilder(media=media, renderer=NoteRenderer())
    prepared = []
    for i, card in enumerate(cards, 1):
        note = builder.note(card, due=i)
        prepared.append((deck_name(card, False), note.model, note.fields, note.tags, note.guid))
    media_files = list(media.files.values())

    start, cpu = time.perf_counter(), time.process_time()
    decks: dict[str, genanki.Deck] = {}
    for i, (name, model, fields, tags, guid) in enumerate(prepared, 1):
        deck = decks.get(name) or decks.setdefault(name, genanki.Deck(len(decks) + 1, name))
        deck.add_note(genanki.Note(model=model, fields=fields, tags=tags, guid=guid, due=i))
    genanki.Package(list(decks.values()), media_files=media_files).write_to_file(str(out))
    return time.perf_counter() - start, time.process_time() - cpu


def store_fields(cards: list[Card], db: Path) -> tuple[float, float]:
    """Render and store every card's fields as `recall sync` does; (wall, CPU) seconds."""
    start, cpu = time.perf_counter(), time.process_time()
    fields = rendered.render((c.id, c.question, c.answer, c.context, c.kind) for c in cards)
    with Collection.open(db) as col, write(col.connection, col.path):
        rendered.save(col.connection, fields)
    return time.perf_counter() - start, time.process_time() - cpu


def recall_export(cards: list[Card], out: Path, db: Path | None) -> tuple[float, float]:
    """(wall, CPU) seconds of `recall export`'s work: load the stored fields (none: `db` None),
    then the whole `export_cards`."""
    start, cpu = time.perf_counter(), time.process_time()
    stored = None
    if db is not None:
        with Collection.open(db) as col:
            stored = rendered.load(col.connection)
    report = export_cards(cards, out, stored=stored)
    if db is not None:
        assert not report.rendered, "stored fields not used"
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cards = make_cards(folder)
        db = folder / "collection.db"
        sync_wall, sync_cpu = store_fields(cards, db)
        cold_times, recall_times, genanki_times = [], [], []
        for _ in range(ROUNDS):
            recall_times.append(recall_export(cards, folder / "recall.apkg", db))
            genanki_times.append(genanki_alone(cards, folder / "genanki.apkg"))
        for _ in range(2):
            cold_times.append(recall_export(cards, folder / "cold.apkg", None))
        sizes = ((folder / "recall.apkg").stat().st_size, (folder / "genanki.apkg").stat().st_size)
    recall_wall, genanki_wall = min(t[0] for t in recall_times), min(t[0] for t in genanki_times)
    recall_cpu, genanki_cpu = min(t[1] for t in recall_times), min(t[1] for t in genanki_times)
    cold_cpu = min(t[1] for t in cold_times)
    ratio = recall_cpu / genanki_cpu
    verdict = "PASS" if ratio <= BUDGET_RATIO else "FAIL"
    print(f"export of {CARDS} cards (best of {ROUNDS}; CPU time, wall time in brackets)")
    print(
        f"  recall export (fields stored at sync) : {recall_cpu:.3f} s ({recall_wall:.3f} s)  "
        f"{sizes[0] / 1e6:.1f} MB"
    )
    print(
        f"  genanki alone                         : {genanki_cpu:.3f} s ({genanki_wall:.3f} s)  "
        f"{sizes[1] / 1e6:.1f} MB"
    )
    print(
        f"  not judged: rendering at sync {sync_cpu:.3f} s ({sync_wall:.3f} s); cold export "
        f"(nothing stored) {cold_cpu:.3f} s = {cold_cpu / genanki_cpu:.2f}x"
    )
    print(
        f"  ratio {ratio:.2f}x CPU ({recall_wall / genanki_wall:.2f}x wall), "
        f"budget ≤ {BUDGET_RATIO:.1f}x: {verdict}"
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
