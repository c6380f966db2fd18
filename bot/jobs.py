"""JobQueue callbacks: they call services and send what the services return."""

from __future__ import annotations

import asyncio
import logging

from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.context import BotContext
from bot.db.values import SendResult
from bot.handlers.nudges import nudge_message
from bot.i18n import translator
from bot.services.nudges import NudgeResult, NudgeToSend

logger = logging.getLogger(__name__)

NUDGE_SWEEP = "nudge-sweep"
LEDGER_CLEANUP = "ledger-cleanup"
SWEEP_BATCH = 200
MAX_RETRY_AFTER = 3  # 429 answers tolerated for one nudge before it counts as failed


async def _send_nudge(context: BotContext, nudge: NudgeToSend) -> NudgeResult:
    reply = nudge_message(translator(nudge.locale), nudge)
    for _ in range(MAX_RETRY_AFTER):
        try:
            await context.bot.send_message(nudge.chat_id, reply.text, reply_markup=reply.keyboard,
                                           rate_limit_args={"bulk": True})
            return NudgeResult(nudge, SendResult.SENT)
        except Forbidden as exc:
            return NudgeResult(nudge, SendResult.BLOCKED, str(exc)[:200])
        except RetryAfter:
            continue  # bulk traffic is paused everywhere; the next try waits for its slot
        except BadRequest as exc:
            return NudgeResult(nudge, SendResult.FAILED, str(exc)[:200])
        except TelegramError as exc:  # Telegram unreachable: try again at the next sweep
            return NudgeResult(nudge, SendResult.RETRY, str(exc)[:200])
    return NudgeResult(nudge, SendResult.FAILED, "rate limited repeatedly")


async def nudge_sweep(context: BotContext) -> None:
    """Claim due nudges in bounded batches, send them (several in flight, paced by the budget),
    record how it went. Only the deployment's bulk sender sweeps."""
    if not context.sender.budget.may_send_bulk:
        return
    service = context.services.nudges
    while (claim := await service.claim_due(SWEEP_BATCH)).scanned:
        results = await asyncio.gather(*(_send_nudge(context, n) for n in claim.nudges))
        await service.record(results)
        sent = sum(r.status == SendResult.SENT for r in results)
        logger.info("nudge sweep: %d sent, %d other", sent, len(results) - sent)


async def forget_old_updates(context: BotContext) -> None:
    """Drop webhook update ids old enough that Telegram will not deliver them again."""
    removed = await context.services.ledger.forget_old()
    if removed:
        logger.info("update ledger: %d old ids removed", removed)
