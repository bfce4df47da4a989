"""The speech and communication lexicon, and the words that type a source.

Speech lemmas follow the PolNeAR/PARC notion of a communication act (the list in ../shared/tools/polnear_score.py,
itself after Pareti's PARC 3.0 guidelines), trimmed of verbs that are mostly not speech in news prose
("call", "point", "question") unless a content clause makes them so.
"""

from __future__ import annotations

SPEECH_VERBS = frozenset(
    [
        "say",
        "continue",
        "proclaim",
        "exclaim",
        "muse",
        "wonder",
        "recount",
        "opine",
        "tell",
        "state",
        "add",
        "announce",
        "claim",
        "argue",
        "insist",
        "explain",
        "write",
        "report",
        "warn",
        "ask",
        "reply",
        "respond",
        "answer",
        "note",
        "comment",
        "remark",
        "mention",
        "describe",
        "suggest",
        "tweet",
        "post",
        "declare",
        "acknowledge",
        "admit",
        "confess",
        "concede",
        "confirm",
        "deny",
        "criticize",
        "criticise",
        "accuse",
        "praise",
        "urge",
        "recall",
        "cite",
        "quote",
        "stress",
        "emphasize",
        "emphasise",
        "assert",
        "contend",
        "allege",
        "complain",
        "joke",
        "quip",
        "boast",
        "predict",
        "promise",
        "vow",
        "pledge",
        "propose",
        "recommend",
        "testify",
        "reveal",
        "disclose",
        "tout",
        "blast",
        "slam",
        "lament",
        "speak",
        "shout",
        "yell",
        "scream",
        "chant",
        "whisper",
        "reiterate",
        "repeat",
        "demand",
        "request",
        "inform",
        "assure",
        "caution",
        "counter",
        "retort",
        "clarify",
        "elaborate",
        "mock",
        "dismiss",
        "decry",
        "denounce",
        "condemn",
        "challenge",
        "discuss",
        "echo",
        "charge",
        "estimate",
        "forecast",
        "conclude",
        "observe",
        "maintain",
        "brag",
        "concur",
        "agree",
        "disagree",
        "signal",
        "indicate",
        "show",
        "find",
        "read",
        "release",
        "publish",
        "broadcast",
        "air",
    ]
)

# Verbs that only count as speech when they govern a content clause ("called for", "pointed out that").
CLAUSE_ONLY_VERBS = frozenset(
    """call point question show find indicate signal agree read maintain continue refer talk react interject
    bemoan ponder grouse chide thank boom sing""".split()
)

# Nouns that carry speech in "in a statement", "according to a report", "The news report stated".
SPEECH_NOUNS = frozenset(
    [
        "statement",
        "interview",
        "remarks",
        "speech",
        "letter",
        "email",
        "e-mail",
        "memo",
        "testimony",
        "tweet",
        "post",
        "release",
        "report",
        "dispatch",
        "broadcast",
        "briefing",
        "conference",
        "announcement",
        "editorial",
        "op-ed",
        "column",
        "commentary",
    ]
)

# Heads of a speaker mention that name a medium rather than a person ("The news report stated").
MEDIA_WORDS = frozenset(
    [
        "agency",
        "newspaper",
        "paper",
        "outlet",
        "broadcaster",
        "network",
        "channel",
        "station",
        "tv",
        "television",
        "radio",
        "magazine",
        "journal",
        "tabloid",
        "daily",
        "wire",
        "website",
        "site",
        "blog",
        "report",
        "reports",
        "dispatch",
        "footage",
        "broadcast",
        "press",
        "media",
        "news",
    ]
)
# Well-known media names (lowercase) that NER alone would call ORG.
MEDIA_NAMES = frozenset(
    (
        "kcna",
        "cctv",
        "xinhua",
        "reuters",
        "ap",
        "afp",
        "bloomberg",
        "cnn",
        "fox",
        "msnbc",
        "nbc",
        "abc",
        "cbs",
        "pbs",
        "npr",
        "bbc",
        "politico",
        "axios",
        "breitbart",
        "yonhap",
        "tass",
        "nhk",
        "kyodo",
        "cnbc",
        "c-span",
        "vox",
        "slate",
        "salon",
        "newsweek",
        "time",
        "telemundo",
        "univision",
        "infowars",
        "new york times",
        "washington post",
        "wall street journal",
        "associated press",
        "fox news",
        "usa today",
        "los angeles times",
        "the hill",
        "daily caller",
        "huffington post",
        "buzzfeed",
        "rodong sinmun",
        "global times",
        "people's daily",
        "al jazeera",
        "the guardian",
        "the atlantic",
        "dong-a ilbo",
        "korea herald",
        "chosun ilbo",
        "sky news",
        "the economist",
        "financial times",
        "the times",
        "daily mail",
        "the independent",
        "the telegraph",
        "the new yorker",
        "mother jones",
        "national review",
        "the federalist",
        "drudge report",
        "media matters",
        "central news agency",
        "korean central news agency",
        "korean central television",
    )
)

# Last words of newspaper and broadcaster names ("New Zealand Herald", "Saudi Gazette").
MEDIA_NAME_ENDINGS = frozenset(
    [
        "herald",
        "times",
        "post",
        "journal",
        "gazette",
        "tribune",
        "news",
        "daily",
        "chronicle",
        "telegraph",
        "guardian",
        "observer",
        "independent",
        "examiner",
        "inquirer",
        "courier",
        "star",
        "sun",
        "mail",
        "express",
        "register",
        "bulletin",
        "press",
        "wire",
        "radio",
        "tv",
        "television",
        "network",
        "broadcasting",
        "agency",
        "sinmun",
        "ilbo",
    ]
)

GOVERNMENT_WORDS = frozenset(
    [
        "government",
        "ministry",
        "department",
        "administration",
        "pentagon",
        "kremlin",
        "white",
        "congress",
        "senate",
        "parliament",
        "cabinet",
        "embassy",
        "state",
        "police",
        "military",
        "army",
        "navy",
        "court",
        "council",
        "committee",
        "commission",
        "agency",
        "bureau",
        "fbi",
        "cia",
        "nsa",
        "doj",
        "dhs",
        "epa",
        "irs",
        "fda",
        "cdc",
    ]
)

# Words that make a speaker anonymous when no name comes with them ("a source", "officials familiar with …").
ANONYMOUS_HEADS = frozenset(
    [
        "source",
        "sources",
        "official",
        "officials",
        "aide",
        "aides",
        "person",
        "people",
        "insider",
        "insiders",
        "diplomat",
        "diplomats",
        "staffer",
        "staffers",
        "advisers",
        "advisors",
        "adviser",
        "advisor",
        "someone",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "observers",
        "analysts",
        "experts",
        "critics",
        "supporters",
    ]
)
GROUP_HEADS = frozenset(
    [
        "protesters",
        "demonstrators",
        "residents",
        "voters",
        "democrats",
        "republicans",
        "members",
        "lawmakers",
        "legislators",
        "senators",
        "students",
        "workers",
        "activists",
        "leaders",
        "fans",
        "families",
        "parents",
        "citizens",
        "critics",
        "supporters",
        "conservatives",
        "liberals",
        "progressives",
        "delegates",
    ]
)

PERSON_TITLES = frozenset(
    [
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "sen",
        "sen.",
        "rep",
        "rep.",
        "gov",
        "gov.",
        "gen",
        "gen.",
        "president",
        "senator",
        "governor",
        "secretary",
        "chairman",
        "chairwoman",
        "minister",
        "premier",
        "leader",
        "mayor",
        "judge",
        "justice",
        "rev",
        "rev.",
        "sir",
        "lady",
        "lord",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "candidate",
        "nominee",
        "chief",
        "director",
        "spokesman",
        "spokeswoman",
        "prof",
        "prof.",
        "professor",
        "representative",
        "congressman",
        "congresswoman",
        "speaker",
        "ambassador",
        "general",
        "colonel",
    ]
)

PERSON_PRONOUNS = frozenset(["he", "she", "him", "her", "i", "me", "we", "us", "they", "them"])
MALE_PRONOUNS = frozenset(["he", "him", "his", "himself"])
FEMALE_PRONOUNS = frozenset(["she", "her", "hers", "herself"])
PLURAL_PRONOUNS = frozenset(["they", "them", "their", "we", "us"])

# Words that introduce a quoted name or title rather than speech ('a robot named "Better Idea"').
NAMING_WORDS = frozenset(
    [
        "named called dubbed titled entitled nicknamed labeled labelled branded termed so-called the word",
        "    known as the phrase the term",
    ][0].split()
    + ["known as", "the word", "the phrase", "the term", "referred to as", "described as"]
)

# Irregular forms of the speech verbs (the rest inflect regularly).
IRREGULAR_FORMS = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "speak": ("spoke", "spoken"),
    "read": ("read",),
    "find": ("found",),
    "show": ("shown",),
    "broadcast": ("broadcast",),
    "quip": ("quipped", "quipping"),
}


def inflections(lemma: str) -> set[str]:
    """The surface forms of a speech verb that raw text can show ("warn" -> warns, warned, warning)."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing", lemma + "d"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # admit -> admitted
    return forms | set(IRREGULAR_FORMS.get(lemma, ()))


SPEECH_FORMS = frozenset(form for lemma in SPEECH_VERBS for form in inflections(lemma))
# The speech lemma of each verb form, to mend the lemmatizer's slips ("quipped" -> "quipp").
SPEECH_FORM_LEMMAS = {
    form: lemma for lemma in sorted(SPEECH_VERBS | CLAUSE_ONLY_VERBS, reverse=True) for form in inflections(lemma)
}

# Verbs put before their speaker after what was said ("…, said James Henson"), and that take no person as object.
INVERTING_VERBS = frozenset("say add write note explain recall continue".split())
# Verbs whose object is the one addressed, not what was said ("told AFP", "asked Obama").
ADDRESSEE_VERBS = frozenset("tell ask inform assure urge remind brief warn".split())
# Verbs whose content may be a gerund right after them ("reported spending $6 million", "denied knowing").
GERUND_CONTENT_VERBS = frozenset(
    "report deny admit acknowledge confess recall mention suggest propose recommend".split()
)
# Verbs whose direct object is what was said ("praised Smegielski for …", "denied the report").
OBJECT_CONTENT_VERBS = frozenset(
    """praise criticize criticise announce deny confirm tout blast slam decry denounce condemn dismiss mock
    propose recommend promise pledge vow demand request reveal disclose reiterate repeat acknowledge admit
    concede tweet post lament allege accuse quote cite describe release publish broadcast air report claim
    mention note explain recall declare question discuss clarify""".split()
)
# Verbs whose object is what was said once they take a particle ("pointed out some statistics").
PHRASAL_OBJECT_CONTENT = {"point": ("out",)}
# Verbs that speak with a particle or object when bound to a quote ("“…,” Trump went on", "as she put it").
PHRASAL_SPEECH = {
    "go": ("on",), "cry": ("out",), "chime": ("in",), "pipe": ("up",), "shoot": ("back",), "fire": ("back",),
    "hit": ("back",), "lash": ("out",), "put": ("it",),
}  # fmt: skip
# Verbs that name something ("called it “an incredibly significant development”").
NAMING_VERBS = frozenset("call dub label brand term deem".split())
# Every form a cue can take, speech verbs or not: the sentences worth a dependency parse show one of them.
CUE_FORMS = frozenset(
    form for lemma in SPEECH_VERBS | CLAUSE_ONLY_VERBS | NAMING_VERBS for form in inflections(lemma)
)
# Prepositions whose object is the topic of speech ("warned of a battle", "spoke about the plan").
TOPIC_PREPOSITIONS = {
    "warn": ("of", "about", "against"),
    "caution": ("about", "against"),
    "talk": ("about", "of"),
    "speak": ("about", "of"),
    "comment": ("on",),
    "complain": ("about",),
    "joke": ("about",),
    "boast": ("about",),
    "brag": ("about",),
    "call": ("for", "on"),
    "refer": ("to",),
    "point": ("to",),
    "ask": ("about",),
}
# Heads of an oblique that dates the speech rather than carrying it ("said on Monday").
TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tonight morning afternoon
    evening night week month year day time statement interview""".split()
)

# Paragraph labels that are not speakers ("UPDATE: …", "Photo: …").
NOT_SPEAKER_LABELS = frozenset(
    """update note photo video watch read related source question answer q a transcript breaking exclusive
    warning caption image credit correction clarification disclosure sponsored editor's note live analysis
    opinion commentary poll graphic chart map""".split()
)

# Verbs that report a question ("asked whether …").
QUESTION_VERBS = frozenset("ask wonder question inquire query".split())

# Common English given names by usual gender (after the US Social Security Administration's most frequent
# names, plus first names frequent in political news), so "she" does not resolve to "John Baird".
FEMALE_NAMES = frozenset(
    """mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret sandra
    ashley kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca sharon laura
    cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine
    debra rachel carolyn janet catherine maria heather diane ruth julie olivia joyce virginia victoria kelly
    lauren christina joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara
    madison frances kathryn janice jean abigail alice judy sophia grace denise amber doris marilyn danielle
    beverly isabella theresa diana natalie brittany charlotte marie kayla alexis lori hillary kamala carly
    nikki condoleezza madeleine sonia ruth elena dianne barbara kirsten tammi tulsi debbie huma kellyanne
    megyn rachel ivanka melania chelsea theresa angela marine jill hope sheila maxine ileana jeanne""".split()
)
MALE_NAMES = frozenset(
    """james robert john michael david william richard joseph thomas charles christopher daniel matthew anthony
    mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan
    jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander
    frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle
    ethan walter noah jeremy christian keith roger terry gerald harold sean austin carl arthur lawrence
    dylan jesse jordan bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy
    vincent ralph eugene russell bobby mason philip louis barack bernie ted marco jeb ben chris mitt newt
    rand rick mike bill hugh reince harry mitch lindsey rudy bobby martin tim jim kim xi vladimir recep
    boris emmanuel benjamin""".split()
)
FEMALE_TITLES = frozenset("mrs mrs. ms ms. miss madam lady queen princess congresswoman spokeswoman".split())
MALE_TITLES = frozenset("mr mr. sir lord king prince congressman spokesman".split())
