"""Nudges and action follow-ups (a follow-up is that day's nudge) as a kind of bulk message.

Their bookkeeping is the nudge service's: blocked marks the resident, a retry is due again at the
next sweeps (and not counted as ignored), a follow-up counts as asked once it reached the resident.
"""

from __future__ import annotations

import logging

from bot.db.values import SendResult
from bot.i18n import translator
from bot.outbox.answers import Answer, Outcome
from bot.outbox.outbox import Message, Outbox
from bot.presentation.nudges import nudge_message
from bot.services.nudge_sweep import NudgeResult, NudgeToSend
from bot.services.nudges import NudgeService

logger = logging.getLogger(__name__)

SWEEP_BATCH = 200


class Nudges:
    """Claimed nudges as a kind of bulk message."""

    def __init__(self, service: NudgeService) -> None:
        self.service = service

    def message(self, nudge: NudgeToSend) -> Message:
        """The nudge in the resident's language, with its buttons."""
        reply = nudge_message(translator(nudge.locale), nudge)
        return Message(nudge.chat_id, reply.text, keyboard=reply.keyboard)

    async def record(self, sent: list[tuple[NudgeToSend, Outcome]]) -> None:
        """Store each nudge's status (see `NudgeService.record`)."""
        await self.service.record(
            [NudgeResult(n, SendResult(o.answer.value), o.error) for n, o in sent]
        )


async def sweep(outbox: Outbox, service: NudgeService) -> None:
    """Claim due nudges in bounded batches, send them, record how it went; only the
    deployment's bulk sender sweeps."""
    if not outbox.may_send:
        return
    kind = Nudges(service)
    while (claim := await service.claim_due(SWEEP_BATCH)).scanned:
        outcomes = await outbox.send_batch(kind, claim.nudges)
        sent = sum(o.answer is Answer.SENT for o in outcomes)
        logger.info("nudge sweep: %d sent, %d other", sent, len(outcomes) - sent)
