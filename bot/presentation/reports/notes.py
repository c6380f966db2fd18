"""How each figure of the report is defined: the chat summary's last section, the workbook's
notes sheet and the dashboard's notes."""

from __future__ import annotations

from bot.i18n import Translator
from bot.services.reports.model import Report


def notes(t: Translator, r: Report) -> list[str]:
    """How each figure is defined; also the workbook's notes sheet."""
    k = r.min_group
    return [
        t._(
            "Every group of fewer than {k} residents shows as <{k}, never as a number; reports "
            "hold no names and no Telegram ids.",
            k=k,
        ),
        t._(
            "x = withheld: a figure that is not shown because, with the totals and the other "
            "rows, it would let a group of fewer than {k} be worked out; shares, means and "
            "confidence intervals over fewer than {k} residents are withheld too.",
            k=k,
        ),
        t._(
            "Registered = consented: the bot keeps nothing about anyone before they agree, so "
            "the two are the same count."
        ),
        t._(
            "Active: at least one Jakarta day with a finished card, quiz answer or survey answer "
            "in the period. Started: opened their first module in the period. Finished: reached "
            "the end of the course (after the final survey) in the period."
        ),
        t._(
            "Module funnel: the residents who registered in the period, and how many of them had "
            "completed each module by its end."
        ),
        t._("Quiz: each resident's first answer to each question, given in the period."),
        t._(
            "Paradigm shift: residents who answered every statement before and after, the "
            "second time in the period. Reverse-worded statements count as {total} − answer. The "
            "change is the mean of each resident's after − before, with a 95% confidence interval "
            "(t distribution).",
            total=r.shift.scale_min + r.shift.scale_max,
        ),
        t._(
            "Checklist: residents who answered all items before and after, the second time in "
            "the period."
        ),
        t._(
            "Survey version {survey} and checklist version {checklist}: only answers to these "
            "versions are paired; answers to earlier versions are kept but never mixed in.",
            survey=r.survey_version,
            checklist=r.checklist_version,
        ),
        t._(
            "Actions followed up: each module's action is asked about once, a few days after the "
            'module ("Sudah sempat …?"), counted over the follow-ups asked in the period with '
            'their answers by its end. Did it = done ÷ (done + not yet); "not relevant" is '
            "left out."
        ),
        t._(
            "Nudges: sent in the period; followed = the resident was active within 24 hours "
            "after it. Broadcasts: started in the period, deliveries to the residents of the "
            "area."
        ),
    ]
