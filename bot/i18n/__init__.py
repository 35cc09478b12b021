"""The message catalogue: every sentence the user reads, in the seven languages side by side."""

from bot.i18n.catalogue import Catalogue, load_catalogue, translate

__all__ = ["Catalogue", "load_catalogue", "translate"]
