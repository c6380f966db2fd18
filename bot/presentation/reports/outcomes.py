"""The report's outcome sections as chat text: the paradigm shift, the preparedness checklist
and the actions followed up."""

from __future__ import annotations

from bot.i18n import Translator
from bot.presentation.reports import fmt
from bot.presentation.reports.markup import counter, e
from bot.services.reports.model import Hidden, Report


def shift(t: Translator, r: Report) -> list[str]:
    s = r.shift
    lines = [
        t._(
            "🔄 <b>Paradigm shift</b>: the attitude survey before and after the course "
            "(score {low}–{high}; higher means disasters are seen as something a prepared "
            "city turns into skills and opportunity)",
            low=s.scale_min,
            high=s.scale_max,
        ),
        t._(
            "Survey version {version}: answers to other versions are never paired.",
            version=r.survey_version,
        ),
    ]
    o = s.overall
    if o.pairs == 0:
        return [
            *lines,
            t._("No resident has answered both surveys with the second one in this period."),
        ]
    if isinstance(o.pairs, Hidden):
        return [
            *lines,
            t._("Fewer than {k} residents answered both surveys in this period.", k=r.min_group),
        ]
    lines.append(t._("Residents who answered both: {n}", n=e(fmt.count(t, o.pairs))))
    lines.append(t._("Score {line}", line=e(fmt.change_line(t, o))))
    lines.append(t._("<b>By sub-scale</b>"))
    for c in s.subscales:
        name = c.name.get(t.locale) if c.name else c.key
        lines.append(f"• {e(name)}: {e(fmt.change_line(t, c))}")
    shown = [a for a in r.areas if a.shift.pairs != 0]
    if shown:
        lines.append(
            t._("<b>By kota</b>") if r.area_level == "region" else t._("<b>By kecamatan</b>")
        )
    for a in shown:
        c = a.shift
        if isinstance(c.pairs, Hidden):
            lines.append(
                t._(
                    "• {area}: fewer than {k} residents",
                    area=e(fmt.area_name(t, a.name)),
                    k=r.min_group,
                )
            )
        else:
            lines.append(
                t._(
                    "• {area} ({n}): {line}",
                    area=e(fmt.area_name(t, a.name)),
                    n=e(fmt.count(t, c.pairs)),
                    line=e(fmt.change_line(t, c)),
                )
            )
    return lines


def checklist(t: Translator, r: Report) -> list[str]:
    c = r.checklist
    if c.pairs == 0:
        return [
            t._(
                "✅ <b>Preparedness checklist</b>: no resident has answered it before and "
                "after in this period."
            )
        ]
    if isinstance(c.pairs, Hidden):
        return [
            t._(
                "✅ <b>Preparedness checklist</b>: fewer than {k} residents answered it "
                "before and after in this period.",
                k=r.min_group,
            )
        ]
    lines = [
        t._(
            "✅ <b>Preparedness checklist</b> ({n} residents who answered before and "
            "after): share answering yes",
            n=e(fmt.count(t, c.pairs)),
        )
    ]
    for item in c.items:
        lines.append(
            t._(
                "• {item}: {before} → {after}",
                item=e(item.text.get(t.locale).rstrip(".")),
                before=e(fmt.share(t, item.before, 0)),
                after=e(fmt.share(t, item.after, 0)),
            )
        )
    a = c.actions
    lines.append(
        t._(
            "Actions in place, out of {items}: {line}",
            items=c.item_count,
            line=e(fmt.change_line(t, a)),
        )
    )
    lines.append(t._("Checklist version {version}.", version=r.checklist_version))
    return lines


def actions(t: Translator, r: Report) -> list[str]:
    section = r.actions
    if section is None or not section.asked:
        return [t._("🎯 <b>Actions followed up</b>: none asked in the period.")]
    c = counter(t)
    lines = [
        t._(
            "🎯 <b>Actions followed up</b> (asked a few days after each module; "
            "did it = done of done + not yet)"
        )
    ]
    for row in section.rows:
        if row.asked == 0:
            continue
        if isinstance(row.asked, Hidden):
            lines.append(
                t._(
                    "• Module {number}: asked of fewer than {k} residents",
                    number=row.module_number,
                    k=r.min_group,
                )
            )
            continue
        lines.append(
            t._(
                "• Module {number}: {share} did it · done {done}, not yet {not_yet}, "
                "not relevant {not_relevant} · answered {answered} of {asked}",
                number=row.module_number,
                share=e(fmt.share(t, row.share_done, 0)),
                done=c(row.done),
                not_yet=c(row.not_yet),
                not_relevant=c(row.not_relevant),
                answered=c(row.answered),
                asked=c(row.asked),
            )
        )
    return lines
