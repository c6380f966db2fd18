"""Warga Tangguh: a Telegram course bot for the residents of Jakarta."""
