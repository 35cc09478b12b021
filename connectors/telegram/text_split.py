"""Splits a long reply into messages Telegram accepts (at most 4096 UTF-16 code units each).

Telegram counts a message's length in UTF-16 code units, so an emoji counts twice. Thai, Lao,
Khmer and Burmese write words without spaces: cutting at a space would leave a whole paragraph
uncut, and cutting anywhere could split a syllable. ICU's line breaker knows the word boundaries of
all four (dictionary based), so a cut falls where a line may wrap: after a paragraph if one ends in
the second half of the window, else between words, else (a 4096-character "word") between two
user-perceived characters. ICU reports boundaries in UTF-16 offsets, which is what we count in.
"""

from __future__ import annotations

from icu import BreakIterator, Locale

TELEGRAM_TEXT_LIMIT = 4096  # sendMessage: 1-4096 characters after entities parsing


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """``text`` as one or more non-empty parts of at most ``limit`` UTF-16 code units."""
    units = text.encode("utf-16-le")
    total = len(units) // 2
    if total <= limit:
        return [text] if text.strip() else []
    lines = BreakIterator.createLineInstance(Locale.getRoot())
    lines.setText(text)
    characters = BreakIterator.createCharacterInstance(Locale.getRoot())
    characters.setText(text)
    parts, start = [], 0
    while total - start > limit:
        end = _cut(units, lines, characters, start, start + limit)
        parts.append(units[start * 2 : end * 2].decode("utf-16-le"))
        start = end
    parts.append(units[start * 2 :].decode("utf-16-le"))
    return [part.strip() for part in parts if part.strip()]


def _cut(
    units: bytes,
    lines: BreakIterator,
    characters: BreakIterator,
    start: int,
    window_end: int,
) -> int:
    """The best boundary in ``(start, window_end]``."""
    half = start + (window_end - start) // 2
    boundary = lines.preceding(window_end + 1)
    best_line = boundary if boundary > start else None
    while boundary > half:
        if units[(boundary - 1) * 2 : boundary * 2].decode("utf-16-le", "ignore") == "\n":
            return int(boundary)
        boundary = lines.preceding(boundary)
    if best_line is not None:
        return int(best_line)
    boundary = characters.preceding(window_end + 1)
    return int(boundary) if boundary > start else window_end
