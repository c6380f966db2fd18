"""The staff dashboard on the web (/dasbor): the report service's figures, charts and downloads.

`routes.dashboard_app` is the ASGI app; webhook mode mounts it beside the webhook
(`routes.mount`), and `python -m bot dashboard` serves it alone (`serve`). Pages are rendered on
the server from `view.Page`; `worker.ReportWorker` builds them off the bot's event loop.
"""
