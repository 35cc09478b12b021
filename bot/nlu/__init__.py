"""Rasa graph components that read the seven languages as their speakers type them.

One component per module; ``config.yml`` names each by import path.
"""
