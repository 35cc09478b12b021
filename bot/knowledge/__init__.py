"""Phuean's knowledge base: fees, rights, safe migration and hotlines, by country and language.

Content lives in ``content/*.yml`` (one entry per fact, every translation side by side, each with
its source, review date and status); ``schema.py`` fixes its shape, ``loader.py`` validates it,
``store.py`` serves it to the action server and re-reads it when a file changes. Use
``knowledge_store().knowledge()`` to read the current content.
"""

from bot.knowledge.loader import KnowledgeError, load_knowledge
from bot.knowledge.model import OVERVIEW, Entry, Hotline, KnowledgeBase, Selection, Source
from bot.knowledge.store import KnowledgeStore, knowledge_store

__all__ = [
    "OVERVIEW",
    "Entry",
    "Hotline",
    "KnowledgeBase",
    "KnowledgeError",
    "KnowledgeStore",
    "Selection",
    "Source",
    "knowledge_store",
    "load_knowledge",
]
