"""Settings from the environment and `.env` (pydantic-settings)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/warga_tangguh.db"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Everything the bot reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    database_url: str = DEFAULT_DATABASE_URL
    telegram_api_base_url: str | None = None
    telegram_api_file_url: str | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    default_locale: str = "id"
    timezone: str = "Asia/Jakarta"
    log_level: str = "INFO"
    # who keeps residents' data (the controller under UU 27/2022), named in the privacy note
    operator_name: str = "Tim Warga Tangguh"
    content_dir: Path = PROJECT_ROOT / "content"
    migrate_on_start: bool = True
    nudge_sweep_seconds: int = 60
    broadcast_rate: float = Field(default=25.0, gt=0)
    telegram_rate: float = Field(default=30.0, gt=0)
    # Paid broadcasts (Bot API 7.11 `allow_paid_broadcast`): up to 1,000 messages a second, the
    # ones above the free rate paid in Telegram Stars. 0 = off.
    paid_broadcast_rate: float = Field(default=0.0, ge=0, le=1000)
    # Source: https://core.telegram.org/bots/api#sendmessage (allow_paid_broadcast: "for a fee
    # of 0.1 Telegram Stars per message"), checked 2026-12-02.
    stars_per_paid_message: float = Field(default=0.1, ge=0)
    broadcast_worker: bool = True
    flood_limit: int = 20
    max_concurrent_updates: int = Field(default=256, ge=1)  # >= taps/s x seconds a tap
    max_waiting_per_chat: int = Field(default=20, ge=1)
    webhook_lease_seconds: int = Field(default=120, ge=1)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8080
    webhook_path: str = "/telegram"
    report_min_group: int = Field(default=5, ge=1)
    # The staff dashboard: its public address (https://bot.example.org, without /dasbor) and
    # the secret that signs its cookies. Without both, /dasbor says it is not set up.
    dashboard_url: str | None = None
    dashboard_secret: SecretStr | None = None
    dashboard_listen: str = "127.0.0.1"
    dashboard_port: int = 8081

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Accept `ADMIN_IDS=1,2 3` as well as a list."""
        if isinstance(value, str):
            parts = value.replace(",", " ").split()
            try:
                return frozenset(int(p) for p in parts)
            except ValueError as exc:
                raise ValueError("ADMIN_IDS must be Telegram user ids separated by commas") from exc
        return value

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in ("id", "en"):
            raise ValueError("DEFAULT_LOCALE must be 'id' or 'en'")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        ZoneInfo(value)  # raises on an unknown zone
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        """Map plain URLs to the async drivers the bot uses."""
        if value.startswith(("postgres://", "postgresql://")):
            return "postgresql+asyncpg://" + value.split("://", 1)[1]
        if value.startswith("sqlite:///"):
            return "sqlite+aiosqlite:///" + value.removeprefix("sqlite:///")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        """Telegram accepts 1–256 characters of A–Z, a–z, 0–9, _ and -."""
        if (
            value is not None
            and value.get_secret_value()
            and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value())
        ):
            raise ValueError("WEBHOOK_SECRET may hold only letters, digits, _ and -")
        return value

    @field_validator("dashboard_secret")
    @classmethod
    def _secret_length(cls, value: SecretStr | None) -> SecretStr | None:
        """A signing secret short enough to guess is refused."""
        if value is not None and 0 < len(value.get_secret_value()) < 32:
            raise ValueError(
                "DASHBOARD_SECRET must be at least 32 characters "
                "(python -c 'import secrets; print(secrets.token_urlsafe(32))')"
            )
        return value

    @property
    def dashboard_enabled(self) -> bool:
        """Whether the dashboard has an address and a signing secret."""
        return bool(
            self.dashboard_url
            and self.dashboard_secret
            and self.dashboard_secret.get_secret_value()
        )

    @field_validator("paid_broadcast_rate")
    @classmethod
    def _paid_above_free(cls, value: float, info) -> float:
        free = info.data.get("broadcast_rate", 0.0)
        if value and value <= free:
            raise ValueError(
                f"PAID_BROADCAST_RATE must be 0 (off) or above BROADCAST_RATE ({free:g})"
            )
        return value

    @property
    def sending_rate(self) -> float:
        """Broadcast messages a second: the paid rate when paid broadcasts are on."""
        return self.paid_broadcast_rate or self.broadcast_rate

    @property
    def tz(self) -> ZoneInfo:
        """The programme's time zone (Asia/Jakarta)."""
        return ZoneInfo(self.timezone)

    @property
    def token(self) -> str | None:
        """The bot token as plain text, or None when none is set."""
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None


def get_settings(**overrides: Any) -> Settings:
    """Read the settings now (never at import time)."""
    return Settings(**overrides)
