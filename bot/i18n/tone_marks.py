"""Vietnamese as many people type it: without tone marks or other diacritics."""

import unicodedata


def strip_tone_marks(text: str) -> str:
    """'phí môi giới' -> 'phi moi gioi' (also 'đ' -> 'd', which is a letter, not a mark)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    )
