"""Rasa input/output channels that Phuean adds (Telegram first)."""
