"""Make the PolNeAR train samples the attribution rules are developed on, as folders of symlinks.

    python scripts/polnear_samples.py ../shared/data/polnear/train /tmp/qt-samples

Sample 1: every 16th article (sorted by name) from the 1st and from the 8th; sample 2: every 8th from the 4th;
sample 3: every 8th from the 5th (105 articles each, disjoint). Nothing of PolNeAR is copied.
"""

from __future__ import annotations

import sys
from pathlib import Path

SAMPLES = {"train-s1": ((0, 16), (7, 16)), "train-s2": ((3, 8),), "train-s3": ((4, 8),)}


def make_samples(train: Path, out: Path) -> list[Path]:
    texts = sorted((train / "text").glob("*.txt"))
    annotations = sorted((train / "attributions").glob("*.ann"))
    made = []
    for name, slices in SAMPLES.items():
        folder = out / name
        for sub in ("text", "attributions"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        chosen = sorted({path for start, step in slices for path in texts[start::step]})
        for text in chosen:
            _link(text, folder / "text" / text.name)
            for annotation in (a for a in annotations if a.stem.rsplit("_", 1)[0] == text.stem):
                _link(annotation, folder / "attributions" / annotation.name)
        made.append(folder)
    return made


def _link(source: Path, link: Path) -> None:
    if not link.exists():
        link.symlink_to(source.resolve())


if __name__ == "__main__":
    for folder in make_samples(Path(sys.argv[1]), Path(sys.argv[2])):
        print(folder, len(list((folder / "text").glob("*.txt"))))
