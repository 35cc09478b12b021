"""Human handoff: the case store, its migrations, and what the console and the actions share.

The action server opens cases and records user messages; the web app serves the caseworker
console and delivers replies. Both talk to the same database (``PHUEAN_DB_URL``), which is the
only state they share, so any number of replicas of either can run (docs/design.md, "Handoff").
"""
