"""Custom actions served by ``rasa run actions --actions bot.actions``.

Every sentence an action sends comes from the message catalogue (``bot/i18n/messages.yml``) in
the conversation's language.
"""
