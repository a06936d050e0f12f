"""HTTP service of the pilot-programs advisor (FastAPI).

``api.main:app`` is the ASGI application (``python -m uvicorn api.main:app``); ``python -m api``
starts it on the host and port of the settings (``PILOTGAP_*`` environment variables).
"""
