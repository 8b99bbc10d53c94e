"""Write lexicons/traditional.txt: Traditional characters and their Simplified forms.

Reports copied from a site's 繁體 version arrive in Traditional characters (較上年同期增長);
the normaliser maps them one character for one (offsets unchanged) so that every lexicon,
written in Simplified, reads them. The pairs come from hanziconv's character map, kept only
where the two characters differ; run once with `pip install hanziconv`, the project does
not depend on it at run time.
"""
from __future__ import annotations

from pathlib import Path

from hanziconv.charmap import simplified_charmap, traditional_charmap

OUT = Path(__file__).resolve().parent.parent / "lexicons" / "traditional.txt"
# variant forms the map leaves out that 繁體 pages use in budget prose (佔一般公共預算支出的 P%)
VARIANTS = {"佔": "占"}


def main() -> None:
    simplified = set(simplified_charmap)
    # a character that is also some other character's Simplified form (著, 乾) stays as is
    pairs = sorted({(t, s) for t, s in zip(traditional_charmap, simplified_charmap)
                    if t != s and t not in simplified} | set(VARIANTS.items()))
    lines = ["# Traditional → Simplified, one character for one (scripts/make_traditional.py)"]
    lines += [f"{t}\t{s}" for t, s in pairs]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(pairs)} pairs → {OUT}")


if __name__ == "__main__":
    main()
