"""The web app: the web chat page now; the caseworker console and its API join it later."""
