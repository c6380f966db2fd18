"""How the pass mark reads: the rule, and the modules not yet passed."""

from __future__ import annotations

from html import escape

from bot.i18n import Translator
from bot.services.passmark import PASS_SHARE, ModuleStanding


def pass_rule(t: Translator) -> str:
    """The rule in one line."""
    return t._(
        "A module is passed with at least {share}% of its questions right; questions "
        "you answer right again in /ulang count.",
        share=t.number(100 * PASS_SHARE),
    )


def not_passed_lines(t: Translator, missing: tuple[ModuleStanding, ...]) -> list[str]:
    """One line per module below the pass mark, with its score and what it needs."""
    return [
        t._(
            "• Module {number}, {title}: {right} of {asked} right, {needed} needed",
            number=s.module.number,
            title=escape(s.module.title.get(t.locale)),
            right=s.right,
            asked=s.asked,
            needed=s.needed,
        )
        for s in missing
    ]
