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

# Comments written for the demo (not real ones), by who writes them: children, young people and care
# leavers, and adults (foster carers and staff). A few carry planted identifiers (a first name, a phone
# number in Ofcom's drama range, an e-mail address, a school, a street) so that the demo shows redaction
# at work; the Welsh ones use mutated forms (fy ngweithiwr, nheulu, ddiogel) as people write them.
COMMENTS = {
    "en": {
        "young_people": [
            "Someone who will actually listen to me and not just write it down and forget about it.",
            "I want to see my brother more. We only get an hour every month and it's not enough.",
            "Being told before I have to move, not finding out the day before.",
            "More pocket money, and being allowed to go on the school trip like everyone else.",
            "My social worker to come when she says she will. She cancelled three times.",
            "My social worker is the best one I've had: she will listen to me and explain things.",
            "I had four social workers this year. Every time I have to tell my story again.",
            "Feeling safe at night. Sometimes the other kids in the house shout and I can't sleep.",
            "Adults to listen to me in my review meeting instead of talking about me like I'm not there.",
            "Staying at the same school when I moved. I lost all my friends when I had to change.",
            "Getting praised when I do well, not only getting told off when something goes wrong.",
            "It's not fair that I can't have a sleepover at my mate's house without the council saying yes.",
            "Phone calls with my mum at the weekend. My social worker Dylan said he would sort it but "
            "nothing happened.",
            "Knowing what the new house is like before I move in, and meeting the carers first.",
            "My carers treat me like their own and tell me they love me. That makes me feel wanted.",
            "Not being moved again. I've been in six placements and I just want to stay somewhere.",
            "Help with my homework and someone coming to parents evening for me.",
            "If I'm worried I want to ring someone. My old carer's number is 07700 900123 and I still ring "
            "her.",
            "More money for clothes so I don't look different from the other kids at school.",
            "Seeing my nan and my cousins more often, not just at Christmas.",
            "The teachers at Maesglas High School know I'm in care and they treat me differently.",
            "Being asked what I think before decisions are made about me.",
            "Nothing really, I like where I live and my foster carers are kind to me.",
            "It would be better if I didn't have to keep moving schools and starting again.",
            "Feeling like I belong somewhere and that people care about me.",
            "Getting a say in where I live and who I live with.",
            "Being treated fairly, the same as my foster carers' own children.",
            "More information about why I'm in care. Nobody has ever really told me.",
            "Being able to see my friends after school without having to ask the council.",
            "Having the same worker for more than a few months so I can trust them.",
            "I felt scared when I first came into care and nobody told me what was happening.",
            "Feeling safe and having my own room.",
            "Email me instead of ringing, my email is jay.rees@example.com",
            "Leaving care was scary. I want help with money and bills and finding a flat.",
            "A personal adviser who answers my texts and helps me with college.",
            "Moving out at 18 felt too early. I wanted to stay with my foster family under When I am Ready.",
            "When I moved to Mill Street nobody told my school and I missed two weeks.",
            "My foster mum says she is proud of me and that makes me feel good.",
        ],
        "adults": [
            "The training on trauma and attachment was excellent, but it's always on weekday mornings when "
            "I'm working.",
            "Our support group meets every month and it's the only place I feel understood.",
            "The fees haven't gone up in three years while everything else costs more.",
            "Having the same supervising social worker for four years has made all the difference.",
            "There's no one to ring at weekends. When things went wrong on a Saturday night the out-of-hours "
            "line didn't answer.",
            "We haven't had a break in two years. Respite would help us keep going.",
            "Nobody tells us what's happening. Emails go unanswered for weeks.",
            "We know the child best but we're not invited to the review meetings.",
            "Payments arrive late and mileage claims take months.",
            "Please ring Sarah on 07700 900789 about the training dates, she organises it locally.",
            "Good communication from the fostering team: they always call back the same day.",
            "More training on supporting children's mental health and staying safe online.",
            "Being involved in decisions about the children we care for, not just told afterwards.",
            "Our link worker keeps changing and we have to start again each time.",
        ],
    },
    "cy": {
        "young_people": [
            "Rhywun sy'n gwrando arna i go iawn, dim jyst ysgrifennu pethau lawr ac anghofio.",
            "Gweld fy mrawd a fy chwaer yn amlach. Dim ond unwaith y mis dw i'n eu gweld nhw.",
            "Cael gwybod cyn symud, dim y diwrnod cynt.",
            "Mwy o arian poced a chael mynd ar dripiau ysgol fel pawb arall.",
            "Bod fy ngweithiwr cymdeithasol yn dod pan mae hi'n dweud. Mae hi wedi canslo tair gwaith.",
            "Mae fy ngweithiwr cymdeithasol yn gwrando arna i ac yn esbonio pethau. Hi yw'r orau.",
            "Dw i wedi cael pedwar gweithiwr cymdeithasol eleni. Bob tro mae'n rhaid i fi ddweud popeth eto.",
            "Teimlo'n ddiogel yn y nos. Weithiau mae'r plant eraill yn gweiddi a dw i ddim yn gallu cysgu.",
            "Bod oedolion yn gwrando arna i yn fy adolygiad yn lle siarad amdana i fel tasen i ddim yno.",
            "Aros yn yr un ysgol pan symudais i. Collais fy ffrindiau i gyd.",
            "Cael canmoliaeth pan dw i'n gwneud yn dda, dim jyst cael row.",
            "Dyw e ddim yn deg bod rhaid i'r cyngor ddweud ie cyn i fi gysgu draw yn nhŷ fy ffrind.",
            "Siarad ar y ffôn gyda Mam ar y penwythnos. Dwedodd Rhys, fy ngweithiwr, y byddai'n ei drefnu "
            "ond does dim byd wedi digwydd.",
            "Gwybod sut le yw'r tŷ newydd cyn symud, a chwrdd â'r gofalwyr yn gyntaf.",
            "Mae fy ngofalwyr yn fy ngharu i fel eu plentyn eu hunain. Dw i'n teimlo fy mod i'n perthyn.",
            "Peidio â symud eto. Dw i wedi bod mewn chwe lleoliad a dw i eisiau aros yn rhywle.",
            "Help gyda gwaith cartref a rhywun i ddod i noson rieni i fi.",
            "Os dw i'n poeni dw i eisiau ffonio rhywun. Rhif fy hen ofalwraig yw 07700 900456.",
            "Mwy o arian ar gyfer dillad er mwyn i fi beidio ag edrych yn wahanol yn yr ysgol.",
            "Gweld fy nain a nghefndryd yn amlach, dim jyst adeg y Nadolig.",
            "Mae'r athrawon yn Ysgol Gyfun Cwm Glas yn gwybod fy mod i mewn gofal ac yn fy nhrin i'n "
            "wahanol.",
            "Cael fy holi beth dw i'n feddwl cyn i bobl wneud penderfyniadau amdana i.",
            "Dim byd, dw i'n hapus lle dw i'n byw ac mae fy ngofalwyr maeth yn garedig.",
            "Byddai'n well tasen i ddim yn gorfod newid ysgol o hyd a dechrau eto.",
            "Teimlo fy mod i'n perthyn i rywle a bod pobl yn poeni amdana i.",
            "Cael dweud ble dw i'n byw a gyda phwy.",
            "Cael fy nhrin yn deg, yr un fath â phlant fy ngofalwyr maeth.",
            "Mwy o wybodaeth am pam dw i mewn gofal. Does neb wedi dweud wrtha i'n iawn.",
            "Cael gweld fy ffrindiau ar ôl ysgol heb ofyn i'r cyngor.",
            "Cael yr un gweithiwr am fwy nag ychydig fisoedd er mwyn i fi allu ymddiried ynddyn nhw.",
            "Roedd ofn arna i pan ddes i i ofal a doedd neb yn dweud beth oedd yn digwydd.",
            "Teimlo'n saff a chael fy stafell fy hun.",
            "Anfonwch e-bost ata i yn lle ffonio: cerys.jones@example.com",
            "Roedd gadael gofal yn codi ofn arna i. Dw i angen help gydag arian a biliau a dod o hyd i "
            "fflat.",
            "Ymgynghorydd personol sy'n ateb fy negeseuon ac yn fy helpu gyda'r coleg.",
            "Roedd symud allan yn ddeunaw yn rhy gynnar. Ro'n i eisiau aros gyda fy nheulu maeth o dan Pan "
            "fydda i'n Barod.",
            "Pan symudais i i Heol y Felin doedd neb wedi dweud wrth yr ysgol a cholles i bythefnos.",
            "Mae fy mam faeth yn dweud ei bod hi'n falch ohona i ac mae hynny'n gwneud i fi deimlo'n dda.",
        ],
        "adults": [
            "Roedd yr hyfforddiant ar drawma ac ymlyniad yn ardderchog, ond mae wastad ar fore yn ystod yr "
            "wythnos pan dw i'n gweithio.",
            "Mae ein grŵp cefnogi yn cwrdd bob mis a dyma'r unig le dw i'n teimlo bod pobl yn deall.",
            "Dyw'r lwfans ddim wedi codi ers tair blynedd er bod popeth arall yn costio mwy.",
            "Mae cael yr un gweithiwr cymdeithasol goruchwylio ers pedair blynedd wedi gwneud byd o "
            "wahaniaeth.",
            "Does neb i'w ffonio ar y penwythnos. Pan aeth pethau o chwith nos Sadwrn, doedd y llinell y tu "
            "allan i oriau ddim yn ateb.",
            "Dydyn ni ddim wedi cael seibiant ers dwy flynedd. Byddai gofal seibiant yn ein helpu ni i ddal "
            "ati.",
            "Does neb yn dweud wrthon ni beth sy'n digwydd. Dyw e-byst ddim yn cael eu hateb am wythnosau.",
            "Ni sy'n adnabod y plentyn orau ond dydyn ni ddim yn cael ein gwahodd i'r cyfarfodydd adolygu.",
            "Mae'r taliadau'n cyrraedd yn hwyr ac mae'n cymryd misoedd i gael costau teithio.",
            "Ffoniwch Siân ar 07700 900321 am ddyddiadau'r hyfforddiant, hi sy'n ei drefnu'n lleol.",
            "Mae'r tîm maethu yn cyfathrebu'n dda: maen nhw wastad yn ffonio'n ôl yr un diwrnod.",
            "Mwy o hyfforddiant ar gefnogi iechyd meddwl plant a chadw'n ddiogel ar-lein.",
            "Cael ein cynnwys yn y penderfyniadau am y plant rydyn ni'n gofalu amdanyn nhw, dim jyst cael "
            "gwybod wedyn.",
            "Mae ein gweithiwr cyswllt yn newid o hyd ac mae'n rhaid i ni ddechrau eto bob tro.",
        ],
    },
}
# Who writes the comments of each audience's questionnaires.
ADULT_AUDIENCES = ("foster_carer", "staff")
COMMON_COMMENTS = 10


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
        if frozen.questionnaire.audience == "authority":
            return None  # a council's self-audit evidence is not something the demo can make up
        pool = COMMENTS[lang][
            "adults" if frozen.questionnaire.audience in ADULT_AUDIENCES else "young_people"
        ]
        # The first comments of each list are the commonest kind, as in real surveys: five times as likely.
        likely = [5.0 if position < COMMON_COMMENTS else 1.0 for position in range(len(pool))]
        return rng.choices(pool, weights=likely)[0] if rng.random() < 0.8 else None
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


# "You said, we will" for the closed 8-10 campaign, so that its link shows what a child sees once a survey
# has closed: the national statement, and one council's (slug, ONS code or None for national, cy, en). Written
# to the children who answered, so plural "chi" in Welsh.
DEMO_STATEMENTS = (
    (
        "demo-cymru-8-10-closed",
        None,
        "Diolch i bob plentyn a atebodd. Dywedoch chi fod y rhan fwyaf ohonoch chi'n teimlo'n ddiogel lle "
        "rydych chi'n byw. Ond mae gormod ohonoch chi wedi cael gweithiwr cymdeithasol newydd eleni, a dydy "
        "pawb ddim yn gwybod pam maen nhw mewn gofal.\n"
        "Felly eleni fe wnawn ni ofyn i bob cyngor gadw'r un gweithiwr cymdeithasol gyda phob plentyn lle "
        "bynnag mae hynny'n bosibl.\n"
        "Fe wnawn ni wneud yn siŵr bod oedolyn rydych chi'n ymddiried ynddo yn esbonio i chi pam rydych chi "
        "mewn gofal, mewn geiriau rydych chi'n eu deall.\n"
        "Fe wnawn ni ofyn i chi eto'r flwyddyn nesaf ydy pethau wedi gwella.",
        "Thank you to every child who answered. You told us that most of you feel safe where you live. But "
        "too many of you have had a new social worker this year, and not everyone knows why they are in "
        "care.\n"
        "So this year we will ask every council to keep the same social worker with each child wherever "
        "they can.\n"
        "We will make sure that an adult you trust explains to you why you are in care, in words you "
        "understand.\n"
        "We will ask you again next year whether things have got better.",
    ),
    (
        "demo-cymru-8-10-closed",
        LOCAL_AUTHORITY,
        "Dywedoch chi eich bod chi eisiau gweld eich brodyr a'ch chwiorydd yn amlach. O fis Ebrill ymlaen, "
        "byddwn ni'n cynllunio amser teulu gyda phob un ohonoch chi yn eich cyfarfod adolygu, a bydd eich "
        "gweithiwr cymdeithasol yn dweud wrthoch chi beth gafodd ei gytuno.\n"
        "Byddwn ni'n dweud wrthoch chi yn y gwanwyn beth sydd wedi newid.",
        "You told us that you want to see your brothers and sisters more often. From April, we will plan "
        "family time with each of you at your review meeting, and your social worker will tell you what "
        "was agreed.\n"
        "We will tell you in the spring what has changed.",
    ),
)


def ensure_demo_statements(today: date) -> int:
    """The demo's "You said, we will" statements, where their campaign exists and none is written yet.

    A statement an officer has written (or rewritten) is never replaced. Returns how many were added.
    """
    from .store import you_said as you_said_store

    added = 0
    for slug, code, text_cy, text_en in DEMO_STATEMENTS:
        campaign = campaign_store.campaign_by_slug(slug)
        authority = campaign_store.authority_by_code(code) if code else None
        if campaign is None or (code and authority is None):
            continue
        authority_id = authority.id if authority else None
        if you_said_store.statement(campaign, authority_id) is None:
            you_said_store.save(campaign, authority_id, text_cy, text_en, today)
            added += 1
    db.session.commit()
    return added


DEMO_PASSWORD = "demo-only-lleisiau"
# (e-mail, role, authority ONS code): one of each role at Rhondda Cynon Taf, an officer at Cardiff to
# show that authorities cannot see each other's campaigns, a national coordinator and a member of the
# (national) young people's panel.
DEMO_USERS = (
    ("admin@rct.demo.lleisiau.cymru", "admin", LOCAL_AUTHORITY),
    ("officer@rct.demo.lleisiau.cymru", "officer", LOCAL_AUTHORITY),
    ("analyst@rct.demo.lleisiau.cymru", "analyst", LOCAL_AUTHORITY),
    ("panel@demo.lleisiau.cymru", "panel", None),
    ("officer@cardiff.demo.lleisiau.cymru", "officer", "W06000015"),
    ("national@demo.lleisiau.cymru", "national", None),
)


def ensure_demo_users(today: date) -> list[tuple[str, str]]:
    """The demo sign-ins (development only), made if missing; returns (e-mail, role) for each."""
    from .store import users as user_store

    for email, role, code in DEMO_USERS:
        if user_store.by_email(email) is None:
            authority = campaign_store.authority_by_code(code) if code else None
            name = "Demo panel member" if role == "panel" else None
            user = user_store.create_user(email, role, authority, today, name)
            user_store.set_password(user, DEMO_PASSWORD)
    db.session.flush()
    return [(email, role) for email, role, _code in DEMO_USERS]
