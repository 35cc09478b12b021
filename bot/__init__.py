"""Phuean: a multilingual Rasa assistant for migrant workers in the Greater Mekong Sub-region."""
