"""/siaran: the moderator's composer. Message, optional English version, audience, preview,
then send now, schedule or cancel. Every step is stored, so a restart loses nothing."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError
from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.callbacks import AudienceDistrict, AudienceKind, AudiencePick, DraftAction, or_none
from bot.context import BotContext
from bot.handlers.broadcast_schedule import ask_text, on_time_typed
from bot.handlers.broadcast_status import is_moderator
from bot.handlers.common import close_buttons, send_reply, t_for, telegram_locale
from bot.i18n import Translator
from bot.presentation import broadcast_drafts as drafts
from bot.presentation.broadcast_status import progress_text
from bot.services.broadcasts import DraftView
from bot.services.emergency import looks_like_emergency


def _t(update: Update, context: BotContext) -> Translator:
    return t_for(telegram_locale(update, context))


async def siaran(update: Update, context: BotContext) -> None:
    """/siaran: open a new draft and ask for the message."""
    if not await is_moderator(update, context):
        return
    t = _t(update, context)
    draft = await context.services.broadcasts.open_draft(update.effective_user.id, t.locale)
    await send_reply(update, drafts.ask_message(t, draft.id))


async def on_typed(update: Update, context: BotContext) -> None:
    """Typed input for a waiting draft; anything else falls through to the normal handlers.

    An open draft takes the moderator's text whatever it says: a warning is full of the very
    words the emergency detector looks for, and it must reach residents, not trip the 112 answer.
    """
    user = update.effective_user
    service = context.services.broadcasts
    try:
        draft = await service.waiting_draft(user.id)
    except DBAPIError:
        if looks_like_emergency(update.effective_message.text):
            return  # the database is down: the resident's 112 answer must still go out
        raise
    if draft is None:
        return
    if not await is_moderator(update, context):
        raise ApplicationHandlerStop
    message = update.effective_message
    t = _t(update, context)
    html = message.caption_html if message.photo else message.text_html
    if draft.step == "text":
        photo = message.photo[-1].file_id if message.photo else None
        if not html and not photo:
            await update.effective_chat.send_message(t._("Please send text or a photo."))
            raise ApplicationHandlerStop
        await service.set_message(draft.id, user.id, html or "", photo)
        await send_reply(update, drafts.ask_english(t, draft.id))
    elif draft.step == "english":
        updated = await service.set_english(draft.id, user.id, html)
        if updated is not None:  # None: the draft closed meanwhile
            await _ask_audience(update, context, updated)
    elif draft.step == "schedule":
        await on_time_typed(update, context, draft, message.text or "")
    raise ApplicationHandlerStop


async def _ask_audience(update: Update, context: BotContext, draft: DraftView) -> None:
    await send_reply(update, drafts.audience_kinds(_t(update, context), draft.id))


async def on_audience_kind(update: Update, context: BotContext, cb: AudienceKind) -> None:
    """The second-level audience buttons: which area, stage, language or source."""
    if not await is_moderator(update, context):
        return
    t = _t(update, context)
    draft_id, kind = cb.draft_id, cb.kind
    await update.callback_query.answer()
    listed = kind in ("region", "stage", "locale")
    sources = [] if listed else await context.services.broadcasts.sources()
    if not listed and not sources:
        await update.effective_chat.send_message(t._("No resident came through a source link yet."))
        return
    await close_buttons(update)
    await send_reply(
        update, drafts.audience_choice(t, context.services.course, draft_id, kind, sources)
    )


async def on_audience(update: Update, context: BotContext, cb: AudiencePick) -> None:
    """A final audience choice (a kota first offers its kecamatan)."""
    if not await is_moderator(update, context):
        return
    draft_id, kind, value = cb.draft_id, cb.kind, cb.value
    t = _t(update, context)
    await update.callback_query.answer()
    region = context.services.course.region(value) if kind == "region" else None
    if region is not None:
        await close_buttons(update)
        size = await context.services.broadcasts.audience_size(
            {"kind": "region", "region": region.id}
        )
        await send_reply(update, drafts.district_choice(t, draft_id, region, size))
        return
    spec = {"kind": "all"} if kind == "all" else {"kind": kind, kind: value}
    await _preview(update, context, draft_id, spec)


async def on_district(update: Update, context: BotContext, cb: AudienceDistrict) -> None:
    """A kecamatan (or the whole kota) for the audience."""
    if not await is_moderator(update, context):
        return
    await update.callback_query.answer()
    spec = {"kind": "region", "region": cb.region, "district": or_none(cb.district)}
    await _preview(update, context, cb.draft_id, spec)


async def _send_as_resident(update: Update, html: str | None, photo: str | None) -> None:
    if photo:
        await update.effective_chat.send_photo(photo, caption=html or None)
    else:
        await update.effective_chat.send_message(html or "…")


async def _preview(update: Update, context: BotContext, draft_id: int, spec: dict) -> None:
    t = _t(update, context)
    draft = await context.services.broadcasts.set_audience(draft_id, update.effective_user.id, spec)
    if draft is None:
        await update.effective_chat.send_message(
            t._("This draft is no longer open. Start again with /siaran.")
        )
        return
    await close_buttons(update)
    size = draft.audience_size or 0
    if size == 0:
        await send_reply(update, drafts.nobody(t, draft.id))
        return
    await update.effective_chat.send_message(t._("👀 Preview, exactly as residents will get it:"))
    await _send_as_resident(update, draft.text_id, draft.photo_file_id)
    if draft.text_en:
        await update.effective_chat.send_message(t._("English version:"))
        await _send_as_resident(update, draft.text_en, draft.photo_file_id)
    await send_reply(
        update, drafts.send_question(t, draft.id, size, context.services.broadcasts.plan(size))
    )


async def on_draft_action(update: Update, context: BotContext, cb: DraftAction) -> None:
    """Cancel, skip English, send now, schedule, change audience."""
    if not await is_moderator(update, context):
        return
    service = context.services.broadcasts
    user_id = update.effective_user.id
    draft_id, action = cb.draft_id, cb.action
    t = _t(update, context)
    await update.callback_query.answer()
    if action == "cancel":
        done = await service.cancel(draft_id, user_id)
        await close_buttons(
            update, t._("🛑 Cancelled.") if done else t._("This draft is no longer open.")
        )
        return
    if action == "noen":
        draft = await service.set_english(draft_id, user_id, None)
    elif action == "aud":
        draft = await service.change_audience(draft_id, user_id)
    elif action == "sched":
        draft = await service.ask_time(draft_id, user_id)
    else:
        draft = await service.send_now(draft_id, user_id)
    if draft is None:
        await close_buttons(update, t._("This draft is no longer open. Start again with /siaran."))
        return
    await close_buttons(update)
    if action in ("now", "sched") and draft.audience_size == 0:
        await send_reply(update, drafts.nobody(t, draft.id))
    elif action in ("noen", "aud"):
        await _ask_audience(update, context, draft)
    elif action == "sched":
        await update.effective_chat.send_message(ask_text(t, context))
    else:
        summary = await service.summary(draft.id)
        if summary is not None:  # the broadcast just started, so it is there
            status = await update.effective_chat.send_message(
                progress_text(summary, context.settings.sending_rate)
            )
            await service.remember_status_message(draft.id, status.chat_id, status.message_id)
        context.bot_data.sender.wake()
