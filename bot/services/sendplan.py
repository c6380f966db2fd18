"""How long a broadcast will take and, with paid broadcasts on, what it will cost in Stars."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Rates:
    """The deployment's broadcast rates (from the settings)."""

    free: float  # BROADCAST_RATE
    paid: float = 0.0  # PAID_BROADCAST_RATE, 0 = off
    stars_per_message: float = 0.1

    @property
    def paid_on(self) -> bool:
        """Whether messages above the free rate go as paid broadcasts."""
        return self.paid > self.free


@dataclass(frozen=True)
class SendPlan:
    """The expected duration and the expected paid messages and Stars of one broadcast."""

    seconds: float
    paid_messages: int
    stars: float

    def audit(self) -> dict[str, float]:
        """What the audit log records about it."""
        return {
            "expected_seconds": round(self.seconds, 1),
            "expected_paid_messages": self.paid_messages,
            "expected_stars": self.stars,
        }


def plan(recipients: int, rates: Rates) -> SendPlan:
    """At the paid rate when it is on, the messages beyond what the free rate covers are paid."""
    if not rates.paid_on:
        return SendPlan(recipients / rates.free, 0, 0.0)
    seconds = recipients / rates.paid
    paid = max(recipients - math.floor(rates.free * seconds), 0)
    return SendPlan(seconds, paid, round(paid * rates.stars_per_message, 1))
