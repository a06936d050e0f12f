"""``python -m api``: serve the application with uvicorn on the settings' host and port."""

from __future__ import annotations

import uvicorn

from api.config import Settings


def main() -> None:
    settings = Settings()
    uvicorn.run("api.main:app", host=settings.host, port=settings.port, log_level=settings.log_level, access_log=False)


if __name__ == "__main__":
    main()
