"""``python -m bot.web``: serves the web app on ``PHUEAN_HOST``:``PHUEAN_WEB_PORT``."""

import logging

from aiohttp import web

from bot.settings import Settings
from bot.web.app import create_app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = Settings.from_env()
    web.run_app(
        create_app(settings),
        host=settings.host,
        port=settings.web_port,
        print=None,
        access_log_format='%a "%r" %s %b %Tf',
    )


if __name__ == "__main__":
    main()
