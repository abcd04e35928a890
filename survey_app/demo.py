"""Synthetic but plausible demo data: a national campaign answered across the 22 Welsh authorities.

Authorities get responses of very different sizes, a few of them fewer than the disclosure
threshold, so that reports show both figures and withheld groups. Nothing here is real.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from .content.frozen import FrozenQuestionnaire
from .content.schema import RATHER_NOT_SAY, Item
from .extensions import db
from .models import Authority, Campaign, QuestionnaireVersion, Response
from .store import campaigns as campaign_store

NATIONAL_SLUG = "demo-cymru-8-10"
LOCAL_SLUG = "demo-rhondda-cynon-taf-8-10"
LOCAL_AUTHORITY = "W06000016"
# Closed campaigns, so that results (and the change since last year) can be tried at once.
CLOSED_CAMPAIGNS = (
    # (slug, questionnaire, days from today it opened, days from today it closed)
    ("demo-cymru-8-10-last-year", "children-8-10", -425, -366),
    ("demo-cymru-8-10-closed", "children-8-10", -60, -1),
    ("demo-cymru-care-leavers-closed", "care-leavers-16-25", -60, -1),
)
TRY_PREFIX = "demo-try-"  # one open campaign per bundled questionnaire, to try each one
# Share of Welsh-language answers is higher where more people speak Welsh.
WELSH_LEANING = {"W06000001": 0.6, "W06000002": 0.75, "W06000008": 0.5, "W06000010": 0.4, "W06000003": 0.3}

COMMENTS = {
    "en": [
        "Someone who listens to me and doesn't keep changing.",
        "Seeing my brother more.",
        "Being told before I have to move.",
        "More pocket money and going on trips.",
        "My social worker to come when she says she will.",
        "Nothing, I like where I live.",
    ],
    "cy": [
        "Rhywun sy'n gwrando arna i.",
        "Gweld fy mrawd yn amlach.",
        "Cael gwybod cyn symud.",
        "Mwy o arian poced a mynd ar dripiau.",
        "Bod fy ngweithiwr cymdeithasol yn dod pan mae hi'n dweud.",
        "Dim byd, dw i'n hoffi lle dw i'n byw.",
    ],
}


def _open_campaign(
    slug: str, authority: Authority | None, version: QuestionnaireVersion, opens_on: date, closes_on: date
) -> Campaign:
    """The campaign with this slug, created with these settings if it does not exist yet."""
    campaign = campaign_store.campaign_by_slug(slug)
    if campaign is None:
        campaign = Campaign(
            slug=slug,
            authority=authority,
            questionnaire_version=version,
            opens_on=opens_on,
            closes_on=closes_on,
        )
        db.session.add(campaign)
    return campaign


def ensure_trial_campaigns(versions: list[QuestionnaireVersion], today: date) -> list[Campaign]:
    """An open campaign for each questionnaire (in one authority), so that every one can be tried."""
    authority = campaign_store.authority_by_code(LOCAL_AUTHORITY)
    campaigns = [
        _open_campaign(
            f"{TRY_PREFIX}{version.questionnaire_id}",
            authority,
            version,
            today - timedelta(days=1),
            today + timedelta(days=365),
        )
        for version in versions
    ]
    db.session.flush()
    return campaigns


def ensure_campaigns(version: QuestionnaireVersion, today: date) -> tuple[Campaign, Campaign]:
    """The national demo campaign and one authority's campaign, created if missing, open today."""
    opens_on, closes_on = today - timedelta(days=30), today + timedelta(days=60)
    national = _open_campaign(NATIONAL_SLUG, None, version, opens_on, closes_on)
    local_authority = campaign_store.authority_by_code(LOCAL_AUTHORITY)
    local = _open_campaign(LOCAL_SLUG, local_authority, version, opens_on, closes_on)
    db.session.flush()
    return national, local


def ensure_closed_campaigns(today: date) -> list[tuple[Campaign, QuestionnaireVersion]]:
    """The closed demo campaigns run across Wales, made if missing (if their questionnaire is loaded)."""
    from .store import questionnaires as questionnaire_store

    made = []
    for slug, questionnaire_id, opened, closed in CLOSED_CAMPAIGNS:
        version = questionnaire_store.latest_published(questionnaire_id)
        if version is not None:
            opens_on, closes_on = today + timedelta(days=opened), today + timedelta(days=closed)
            made.append((_open_campaign(slug, None, version, opens_on, closes_on), version))
    db.session.flush()
    return made


def _answer(item: Item, frozen: FrozenQuestionnaire, lean: float, lang: str, rng: random.Random) -> Any:
    """A plausible answer: options earlier in the list (the better ones) are likelier where `lean` is high."""
    if rng.random() < 0.06:
        return None  # skipped
    if rng.random() < 0.02:
        return RATHER_NOT_SAY if item.offers_rather_not_say else None
    if item.type == "free_text":
        return rng.choice(COMMENTS[lang]) if rng.random() < 0.45 else None
    if item.type == "number":
        return rng.randint(item.min or 0, item.max or 0)
    if item.type == "scale_0_10":
        return str(max(0, min(10, round(rng.gauss(6.2 + 2 * lean, 2.0)))))
    options = [option for option in frozen.options(item) if option.value != RATHER_NOT_SAY]
    values = [option.value for option in options if not option.exclusive]
    weights = [(1 + lean) ** (len(values) - position) for position in range(len(values))]
    if item.type == "multiple_choice":
        picked = [
            value for value, weight in zip(values, weights, strict=True) if rng.random() < 0.2 + 0.1 * weight
        ]
        on_their_own = [option.value for option in options if option.exclusive]
        return picked or on_their_own[:1] or values[-1:]
    if item.type == "grid":
        return {row.id: rng.choices(values, weights=weights)[0] for row in item.rows or []}
    return rng.choices(values, weights=weights)[0]


def _sizes(authorities: list[Authority], total: int, min_group: int, rng: random.Random) -> dict[int, int]:
    """Responses per authority: uneven, with three authorities under the disclosure threshold."""
    small = rng.sample(authorities, 3)
    sizes = {each.id: rng.randint(1, min_group - 1) for each in small}
    rest = [each for each in authorities if each not in small]
    weights = [rng.lognormvariate(0, 0.6) for _ in rest]
    remaining = max(total - sum(sizes.values()), 0)
    for each, weight in zip(rest, weights, strict=True):
        sizes[each.id] = round(remaining * weight / sum(weights))
    return sizes


def add_demo_responses(
    campaign: Campaign, frozen: FrozenQuestionnaire, count: int, seed: int, min_group: int, today: date
) -> int:
    """Add `count` (about) synthetic responses to a national campaign; returns how many were added."""
    rng = random.Random(seed)
    authorities = campaign_store.authorities()
    sizes = _sizes(authorities, count, min_group, rng)
    added = 0
    for authority in authorities:
        lean = rng.uniform(-0.3, 0.6)
        for _ in range(sizes[authority.id]):
            lang = "cy" if rng.random() < WELSH_LEANING.get(authority.ons_code, 0.12) else "en"
            answers: dict[str, Any] = {}
            for item in frozen.items():
                if item.answerable and frozen.is_visible(item, answers):
                    value = _answer(item, frozen, lean, lang, rng)
                    if value is not None:
                        answers[item.id] = value
            complete = rng.random() < 0.92
            if not complete:  # stopped part-way: keep only the first pages' answers
                first_pages = {item.id for page in frozen.pages[:2] for item in page.items}
                answers = {key: value for key, value in answers.items() if key in first_pages}
            last = min(today, campaign.closes_on)
            day = campaign.opens_on + timedelta(days=rng.randint(0, max((last - campaign.opens_on).days, 0)))
            db.session.add(
                Response(
                    campaign=campaign,
                    authority=authority,
                    language=lang,
                    status="complete" if complete else "partial",
                    answers=answers,
                    last_page=len(frozen.pages) if complete else 2,
                    started_on=day,
                    updated_on=day,
                    submitted_on=day if complete else None,
                )
            )
            added += 1
    db.session.commit()
    return added


def has_responses() -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(Response)))


DEMO_PASSWORD = "demo-only-lleisiau"
# (e-mail, role, authority ONS code): one of each role at Rhondda Cynon Taf, an officer at Cardiff to
# show that authorities cannot see each other's campaigns, and a national coordinator.
DEMO_USERS = (
    ("admin@rct.demo.lleisiau.cymru", "admin", LOCAL_AUTHORITY),
    ("officer@rct.demo.lleisiau.cymru", "officer", LOCAL_AUTHORITY),
    ("analyst@rct.demo.lleisiau.cymru", "analyst", LOCAL_AUTHORITY),
    ("panel@rct.demo.lleisiau.cymru", "panel", LOCAL_AUTHORITY),
    ("officer@cardiff.demo.lleisiau.cymru", "officer", "W06000015"),
    ("national@demo.lleisiau.cymru", "national", None),
)


def ensure_demo_users(today: date) -> list[tuple[str, str]]:
    """The demo sign-ins (development only), made if missing; returns (e-mail, role) for each."""
    from .store import users as user_store

    for email, role, code in DEMO_USERS:
        if user_store.by_email(email) is None:
            authority = campaign_store.authority_by_code(code) if code else None
            user = user_store.create_user(email, role, authority, today)
            user_store.set_password(user, DEMO_PASSWORD)
    db.session.flush()
    return [(email, role) for email, role, _code in DEMO_USERS]
