"""Demo self-audits: a closed self-audit run across Wales, answered by most of the 22 councils.

Synthetic, deterministic and plausible: each council is stronger in some areas than others, a few
have not sent theirs, and the evidence reads like a council officer's notes (one names a colleague
and a phone number, as real ones sometimes do, so the redaction can be seen). Nothing here is real.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from ..extensions import db
from ..models import Campaign, Response
from ..store import campaigns as campaign_store
from ..store import questionnaires as questionnaire_store
from ..store.questionnaires import frozen_content

SLUG = "demo-cymru-self-audit-closed"
QUESTIONNAIRE = "authority-self-audit"
SEED = 2027
# Councils that have not sent a self-audit this year (so their kite mark lacks that evidence).
NOT_SENT = ("W06000019", "W06000021", "W06000024")
WELSH = ("W06000001", "W06000002", "W06000008")  # councils that write their self-audit in Welsh
STATUSES = ("in_place", "partly", "planned", "not_in_place")

EVIDENCE: dict[str, dict[str, list[str]]] = {
    "en": {
        "advice_evidence": [
            "Written offer to children in care and care leavers, agreed by the corporate parenting board "
            "in May; 91% of care leavers aged 18-21 have a personal adviser (March return).",
            "Leaving care team rota and out-of-hours call log for the year. Contact Sian Jenkins, team "
            "manager, on 01443 425000 for the figures.",
            "Entitlements leaflet reviewed with the care leavers' forum in January; council tax "
            "exemptions are applied automatically from the leaving care team's list.",
        ],
        "wellbeing_evidence": [
            "Health assessments on time: 84% (quarterly performance report). Leisure passes issued to "
            "212 children in care and their foster families.",
            "Emotional well-being service started in September: average wait 3 weeks. Activity fund "
            "requests approved within 5 working days.",
        ],
        "learning_evidence": [
            "Personal education plans up to date for 88% of school-age children (virtual school audit, "
            "February). Six care leavers started council apprenticeships this year.",
            "Guaranteed interview scheme agreed by HR in October; attendance of children in care is "
            "reviewed termly by the virtual school.",
        ],
        "safeguarding_evidence": [
            "Return interviews offered after 96% of missing episodes (regional report). Joint "
            "exploitation protocol with the police signed in April.",
            "Complaints leaflet for children rewritten with young people; 31% of children changed "
            "social worker this year, and the workforce plan aims to halve that.",
        ],
        "growing_up_evidence": [
            "Pathway plans in place for all 16-year-olds; 14 young people staying put under When I am "
            "Ready. Joint housing protocol dated 12 March.",
            "No care leaver placed in bed and breakfast this year (housing options log). Life skills "
            "course run twice with the college.",
        ],
        "having_a_say_evidence": [
            "Two care-experienced young people sit on the corporate parenting board (minutes, June and "
            "November). Children in care council meets monthly.",
            "Advocacy active offer recorded on the case system for 79% of eligible children. We publish "
            "a 'you said, we did' newsletter each term.",
        ],
    },
    "cy": {
        "advice_evidence": [
            "Cynnig ysgrifenedig i blant sy'n derbyn gofal, wedi'i gytuno gan y bwrdd rhianta "
            "corfforaethol ym mis Mai; mae gan 90% o bobl ifanc sy'n gadael gofal gynghorydd personol.",
            "Cofnod galwadau y tu allan i oriau swyddfa am y flwyddyn; taflen hawliau wedi'i hadolygu "
            "gyda'r fforwm pobl ifanc ym mis Ionawr.",
        ],
        "wellbeing_evidence": [
            "Asesiadau iechyd mewn pryd: 86% (adroddiad perfformiad chwarterol). Tocynnau hamdden i "
            "180 o blant sy'n derbyn gofal a'u teuluoedd maeth.",
        ],
        "learning_evidence": [
            "Cynlluniau addysg personol cyfredol ar gyfer 90% o blant oed ysgol (archwiliad yr ysgol "
            "rithwir, mis Chwefror). Pedwar prentis o blith pobl ifanc sy'n gadael gofal eleni.",
        ],
        "safeguarding_evidence": [
            "Cyfweliadau dychwelyd adref wedi'u cynnig ar ôl 95% o achosion o fynd ar goll. Protocol "
            "camfanteisio ar y cyd â'r heddlu wedi'i lofnodi ym mis Ebrill.",
        ],
        "growing_up_evidence": [
            "Cynlluniau llwybr ar gyfer pob person ifanc 16 oed; 9 yn aros gyda'u gofalwyr maeth dan y "
            "cynllun Pan fydda i'n Barod. Protocol tai ar y cyd, 12 Mawrth.",
        ],
        "having_a_say_evidence": [
            "Dau berson ifanc â phrofiad o fod mewn gofal ar y bwrdd rhianta corfforaethol (cofnodion "
            "Mehefin a Thachwedd). Cyngor plant mewn gofal yn cyfarfod bob mis, yn Gymraeg.",
        ],
    },
}


def _status(strength: float, rng: random.Random) -> str:
    """A commitment's answer: stronger councils have more in place."""
    weights = [1 + 6 * strength, 2.0, 1.0 + 2 * (1 - strength), 0.5 + 2 * (1 - strength)]
    return rng.choices(STATUSES, weights=weights)[0]


def _answers(items: list[Any], strengths: dict[str, float], lang: str, rng: random.Random) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for item in items:
        area = item.id.split("_", 1)[0]
        if item.type == "scale":
            answers[item.id] = "rather_not_say" if rng.random() < 0.02 else _status(strengths[area], rng)
        elif item.id in EVIDENCE[lang] and rng.random() < 0.9:  # one council in ten leaves an area blank
            answers[item.id] = rng.choice(EVIDENCE[lang][item.id])
    involvement = rng.choice(["completed_with_us", "reviewed", "reviewed", "told_only", "not_involved"])
    answers["audit_involvement"] = involvement
    if involvement in ("completed_with_us", "reviewed"):
        answers["audit_young_people_count"] = rng.randint(3, 15)
    return answers


def add_demo_self_audits(today: date) -> int:
    """A closed self-audit campaign across Wales and one submitted response from most councils.

    Makes nothing if the self-audit questionnaire is not loaded, or if the campaign has responses
    already; returns how many responses were added.
    """
    version = questionnaire_store.latest_published(QUESTIONNAIRE)
    if version is None:
        return 0
    campaign = campaign_store.campaign_by_slug(SLUG)
    if campaign is None:
        campaign = Campaign(
            slug=SLUG,
            authority=None,
            questionnaire_version=version,
            opens_on=today - timedelta(days=60),
            closes_on=today - timedelta(days=1),
        )
        db.session.add(campaign)
        db.session.flush()
    if db.session.scalar(select(func.count()).select_from(Response).filter_by(campaign_id=campaign.id)):
        return 0
    items = list(frozen_content(campaign.questionnaire_version).items())
    rng = random.Random(SEED)
    added = 0
    for authority in campaign_store.authorities():
        if authority.ons_code in NOT_SENT:
            continue
        base = rng.uniform(0.35, 0.95)
        strengths = {
            area: min(1.0, max(0.0, base + rng.uniform(-0.25, 0.2)))
            for area in ("advice", "wellbeing", "learning", "safe", "grow", "say")
        }
        lang = "cy" if authority.ons_code in WELSH else "en"
        day = campaign.opens_on + timedelta(days=rng.randint(10, 55))
        day = min(day, campaign.closes_on)
        db.session.add(
            Response(
                campaign=campaign,
                authority=authority,
                language=lang,
                status="complete",
                answers=_answers(items, strengths, lang, rng),
                last_page=len(frozen_content(campaign.questionnaire_version).pages),
                started_on=day,
                updated_on=day,
                submitted_on=day,
            )
        )
        added += 1
    db.session.commit()
    return added
