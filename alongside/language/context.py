"""Cheap context tests that keep a rule quiet when its words are not a judgement.

No parser is involved: each test looks a few tokens to the left of a match. They are
switched on per rule (the rule's `context` list) because the same context means
different things to different rules: "not hostile" reverses a descriptor, but
"not compliant" is still compliance framing.
"""

from alongside.language.tokens import Tokens


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NEGATIONS = _words("not no never without nor neither none nil cannot denies denied")
CONTRASTS = _words("but however although though yet whereas")
# Nouns of evidence whose negation covers the clause they introduce ("no sign that ...").
EVIDENCE = _words(
    "evidence suggestion suggestions indication indications sign signs reason suspicion concern"
)
_ANY = _words("any a real clear")
SCOPE = 8  # how far back a negated evidence noun is looked for
FEELINGS = _words("feel feels felt feeling worries worried fears feared afraid scared ashamed")
BE = _words("is was were are be been being get got gets getting")

# Words that sit between a subject and its verb or adjective without changing who it is.
SKIP = _words(
    """
    is was were are be been being am has have had will would could should may might must can
    did does do also then now again repeatedly reportedly allegedly still always often
    sometimes initially later previously consistently continually constantly frequently
    occasionally once twice never not no just only really very quite rather somewhat
    extremely increasingly so too became become becomes becoming seemed seems seem appears
    appeared appear remained remains remain got gets get getting presented presents
    presenting as continues continued continue keeps kept keep started starts start began
    begins begin tends tended tend tried tries try to being went goes go gone trying want
    wants wanted wanting hope hopes hoped hoping manage manages managed managing need needs
    needed plan plans planned planning aims aimed intends intended determined struggling
    struggles struggled able unable
    """
)
REPORTING = _words(
    """
    say says said report reports reported think thinks thought feel feels felt believe
    believes believed describe describes described state states stated call calls called
    told tells consider considers considered
    """
)
# Nouns for the client's own conduct: "her manner was pleasant" is about the client.
CONDUCT = _words(
    "behaviour behavior presentation manner attitude demeanour demeanor conduct affect mood tone"
)
DETERMINERS = _words("the a an her his their my our your its this that these those")
_ARTICLES = _words("the a an these those")
# Words that open a new clause, so a noun right after them is that clause's subject.
OPENERS = _words(
    """
    and but because when after before since while as if though although so which who that by
    says said say reports reported report explains explained states stated thinks thought
    believes believed feels felt mentions mentioned notes noted describes described told
    tells adds added where whereas until once then also however
    """
)
CLIENT = _words(
    """
    she he they client pt patient cl person individual woman man girl boy yp teen teenager
    adolescent mr ms mrs mx miss
    """
)
# People and bodies other than the client who are often the subject in notes. Not
# "hearing": after a judgement word it is nearly always "hearing voices".
OTHERS = _words(
    """
    landlord landlords landlady letting agent agents agency agencies insurer insurers
    insurance school schools college university employer employers boss manager managers
    supervisor council councils police officer officers cop cops court courts judge
    magistrate tribunal dwp jobcentre hmrc government department hospital hospitals clinic
    ward gp doctor doctors nurse nurses consultant psychiatrist psychiatrists worker workers
    caseworker service services team provider providers company companies firm bank banks
    lender pharmacy pharmacist practice surgery union neighbour neighbours neighbor neighbors
    partner partners husband wife boyfriend girlfriend ex fiance fiancee spouse mother mum mom
    father dad parent parents stepfather stepmother stepdad stepmum stepmom brother brothers
    sister sisters son sons daughter daughters child children kids kid baby grandmother
    grandfather gran nan grandma grandpa aunt uncle cousin family friend friends colleague
    colleagues coworker coworkers teacher teachers headteacher principal coach flatmate
    roommate housemate staff security guard guards interpreter solicitor lawyer attorney
    probation system algorithm claim application appeal request form letter report app
    website housing benefits association authority authorities trust board panel committee
    inspector assessor dog cat pet organisation organization charity shelter hostel prison
    jail it midwife midwives visitor visitors paediatrician pediatrician carer carers
    officer social ambulance paramedic paramedics receptionist psychologist therapist
    authority prosecution defence crown home office unit units centre center hub homes
    cmht camhs crht nhs ehcp dietitian dietician dietitians physio physiotherapist ot
    counsellor counselor registrar matron keyworker mentor tutor lecturer surgeon
    surgeons paramedic dentist optician pharmacists receptionists administrator admin
    panel tribunal
    job jobs role roles work workload course courses degree exam exams shift shifts schedule
    studies training apprenticeship career placement placements meeting meetings hearings
    appointment weather neighbourhood neighborhood area estate environment
    atmosphere process situation puppy puppies dogs cats kitten horse horses toddler
    toddlers infant infants newborn
    """
)
# Kin words. In perinatal, parenting and children's work the parent or child is the client
# and is written about bare ("Mum was hostile", "the child is defiant"): only a possessive ("her
# mother", "his dad's") makes them someone other than the client.
KIN = _words(
    """
    mother mum mom mummy mommy father dad daddy parent parents mothers fathers mums dads
    moms child children kid kids boy girl teenager teen youngster family families couple
    toddler toddlers infant infants
    """
)
POSSESSIVES = _words("her his their my our your its client's patient's")
# The pronoun a kin word would use for themself, where the word tells it.
_KIN_PRONOUN = dict.fromkeys(_words("mother mum mom mummy mommy mothers mums moms girl"), "she")
_KIN_PRONOUN |= dict.fromkeys(_words("father dad daddy fathers dads boy"), "he")
_GENDERED = frozenset(("she", "he"))


def _stem(word: str) -> str:
    if "'" not in word:
        return word
    for suffix in ("'s", "'d", "'re", "'ll", "'ve"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _bare_kin(tokens: Tokens, j: int) -> bool:
    """A kin word standing for the client: "Mum", "the mother", not "her mother"."""
    if _stem(tokens.words[j]) not in KIN:
        return False
    for m in range(j - 1, max(-1, j - 3), -1):
        if tokens.clause_break(m + 1):
            return True
        word = tokens.words[m]
        if word in POSSESSIVES or (word.endswith("'s") and word not in CLIENT):
            return False
        if word in DETERMINERS:
            continue
        return not word.endswith("'s")
    return True


def negated(tokens: Tokens, first: int, window: int = 4) -> bool:
    """A negation a few words before the match, in the same clause and not contrasted.

    Further back, up to SCOPE words, a negated noun of evidence still reaches the match:
    "there is no suggestion that she is malingering", "no evidence he was lying".
    """
    words = tokens.words
    before = words[max(0, first - SCOPE) : first]
    # No word there ends in "n't" (words have no spaces: joined with one after each,
    # "n't " is found only at a word's end; a generator asking each word cost more).
    if NEGATIONS.isdisjoint(before) and "n't " not in " ".join(before) + " ":
        return False  # the usual answer, without asking where the clause starts
    for j in range(first - 1, max(-1, first - SCOPE - 1), -1):
        if tokens.clause_break(j + 1):
            return False
        word = words[j]
        if word in CONTRASTS:
            return False
        if word in NEGATIONS or word.endswith("n't"):
            if j >= first - window:
                return True
            # "no evidence", "isn't any suggestion": the evidence noun right after it.
            k = j + 2 if words[j + 1] in _ANY and j + 2 < first else j + 1
            if words[k] in EVIDENCE:
                return True
    return False


def feeling(tokens: Tokens, first: int) -> bool:
    """The client describing their own feeling: "felt agitated", "feeling tired and low"."""
    if FEELINGS.isdisjoint(tokens.words[max(0, first - 3) : first]):
        return False
    for j in range(first - 1, max(-1, first - 4), -1):
        if tokens.clause_break(j + 1):
            return False
        if tokens.words[j] in FEELINGS:
            return True
    return False


def passive(tokens: Tokens, first: int) -> bool:
    """The client on the receiving end: "was refused housing", "had been denied"."""
    if not tokens.words[first].endswith("ed"):
        return False
    for j in range(first - 1, max(-1, first - 4), -1):
        if tokens.clause_break(j + 1):
            return False
        word = tokens.words[j]
        if word in BE:
            return True
        if word not in SKIP:
            return False
    return False


def _is_subject_np(tokens: Tokens, j: int) -> bool:
    """Whether the noun at j heads a subject: its noun phrase starts a clause.

    The phrase starts at a determiner up to three words back ("the housing officer"),
    otherwise at the noun itself; it is a subject when a clause starts right before it.
    """
    k = j
    for back in range(1, 4):
        m = j - back
        if m < 0 or tokens.clause_break(m + 1):
            break
        word = tokens.words[m]
        if word in OPENERS or word in SKIP or word in CLIENT:
            break
        # A determiner, or a modifier with none ("Perinatal team", "the crisis team").
        k = m
    return tokens.clause_break(k) or tokens.words[k - 1] in OPENERS or tokens.comma_before(k)


def _reported_by_other(tokens: Tokens, j: int) -> bool:
    """Whether the client word at j follows "<someone else> says/thinks/describes"."""
    k = j - 1
    # "Dad says the children are lying": an article between the verb and the subject.
    while k >= 0 and tokens.words[k] in _ARTICLES and not tokens.clause_break(k + 1):
        k -= 1
    if k >= 0 and tokens.words[k] == "that":
        k -= 1
    if k < 0 or tokens.words[k] not in REPORTING or tokens.clause_break(k + 1):
        return False
    for m in range(k - 1, max(-1, k - 5), -1):
        if tokens.sentence_break(m + 1):
            return False
        word = _stem(tokens.words[m])
        described = _stem(tokens.words[j])
        if _bare_kin(tokens, m):
            # "Mum says he is defiant": whether Mum or her son is the client, the words are
            # Mum's judgement, reported. "Mum says she is ..." may be Mum about herself.
            if described in _GENDERED or described == "they":
                return _KIN_PRONOUN.get(word, described) != described
            return True
        if word in CLIENT:
            # "She says he is aggressive when drunk": the client reporting someone else.
            return word in _GENDERED and described in _GENDERED and word != described
        if word in OTHERS:
            return True
    return False


def _said_by_other_after(tokens: Tokens, last: int) -> bool:
    """Whether the sentence goes on to give someone else as the source of the words.

    "..., according to her mother", "... per staff", "..., his teachers say".
    """
    words, n = tokens.words, len(tokens)
    if REPORTING.isdisjoint(words[last + 1 : last + 10]):
        return False  # no reporting verb ahead at all: the usual answer
    for j in range(last + 1, min(n, last + 10)):
        if tokens.sentence_break(j):
            return False
        word = words[j]
        # "per ..." and "according to ..." name where the information came from; the
        # judgement in the sentence is still the writer's, so they do not excuse it. After
        # its subject "called" is a phone call, not speech ("..., police called").
        if word in REPORTING and word != "called" and _stem(words[j - 1]) in OTHERS:
            return True
    return False


def other_subject(tokens: Tokens, first: int, last: int, strict: bool = False) -> bool:
    """Whether someone or something other than the client is what the words describe.

    Looks back within the sentence for the nearest subject: a client word ("she",
    "client", a name) means the client; a named other ("the landlord", "her mother",
    "the insurer") heading a clause means someone else. In strict mode anything that is
    not clearly the client counts as someone else ("the weekend was pleasant").
    """
    words = tokens.words
    after = last + 1
    before = first - 1
    if (
        after < len(words)
        and words[after] != "it"  # a pronoun object, never a noun after an adjective
        and (_stem(words[after]) if "'" in words[after] else words[after]) in OTHERS
        and tokens.joined(after)
        and words[last] not in _LINKS  # "lies to staff": an object, not a noun phrase
        and not _bare_kin(tokens, after)
        # "She alleges staff ...": after the client as subject the word is a verb, not an
        # adjective before its noun ("a demanding boss").
        and not (before >= 0 and (_stem(words[before]) in CLIENT or tokens.is_capitalised(before)))
        # "after threatening staff", "was abusing staff": an -ing word is an adjective before
        # a noun only after a determiner or a degree word ("a very demanding boss").
        and not (
            words[last].endswith("ing")
            and before >= 0
            and not tokens.clause_break(first)
            and words[before] not in _BEFORE_ADJECTIVE
        )
    ):
        return True  # an adjective before its noun: "a demanding boss"
    if not REPORTING.isdisjoint(words[last + 1 : last + 10]) and _said_by_other_after(tokens, last):
        return True  # "a compulsive liar, according to staff"
    sentence_break, clause_break = tokens.sentence_break, tokens.clause_break
    starts, low, text = tokens.starts, tokens.low, tokens.text
    for j in range(first - 1, max(-1, first - 12), -1):
        # One space between j and j + 1 (the usual gap, asked inline) is no break.
        s = starts[j + 1]
        if not (low[s - 1] == " " and starts[j] + len(words[j]) == s - 1) and (
            sentence_break(j + 1) or (strict and clause_break(j + 1))
        ):
            break  # in strict mode a note fragment ("On arrival, hostile") is the client
        word = words[j]
        if "'" in word:
            word = _stem(word)
        if strict and word in CONDUCT:
            return False  # "her behaviour was volatile" describes the client
        if word in KIN and _bare_kin(tokens, j):
            return _reported_by_other(tokens, j)  # "Mum was hostile": the client
        if word in CLIENT or (j > 0 and word not in OTHERS and text[starts[j]].isupper()):
            # "teachers say he is defiant": someone else's judgement, reported.
            return _reported_by_other(tokens, j)
        if word in OTHERS and _is_subject_np(tokens, j):
            return True
        if strict and word not in SKIP and word not in DETERMINERS:
            return not text[starts[j]].isupper()  # tokens.is_capitalised(j), inline
    return False


# The last word of a name of a service, register or programme.
NAME_ENDS = _words(
    """
    register registry team teams service services programme programmes program programs
    unit institution institute trust project network course panel board scheme pathway
    clinic liaison charity centre center office forum partnership initiative hub fund
    association alliance coalition commission act anonymous foundation society group
    collective campaign helpline line
    """
)
_NAME_JOINERS = _words("and of in for the on with")
# What a name's first word is when not capitalised: without one, in_a_name is False.
NAME_STARTS = _NAME_JOINERS
_LINKS = _words("to about of with at for on in towards toward by from into onto against")
# Words after which an -ing word before a noun is an adjective ("her demanding boss").
_BEFORE_ADJECTIVE = (
    DETERMINERS
    | POSSESSIVES
    | _words(
        "very quite so really extremely rather increasingly somewhat fairly most more less too"
    )
)


def in_a_name(tokens: Tokens, first: int, last: int) -> bool:
    """Whether the words are part of the name of a service, register or programme.

    "the Sex Offenders Register", "Youth Offending Team", "the Troubled Families
    programme": the matched words are capitalised and the capitalised run they are in
    ends in a word like Register, Team or Programme (which may itself be lower-case).
    """
    capitalised = 0
    for j in range(first, last + 1):
        if tokens.is_capitalised(j):
            capitalised += 1
        elif tokens.words[j] in NAME_ENDS and j == last and capitalised:
            return capitalised > 1 or not tokens.sentence_break(first)
        elif tokens.words[j] not in _NAME_JOINERS:
            return False
    j = last + 1
    for _ in range(5):
        if j >= len(tokens) or not tokens.joined(j):
            return False
        word = tokens.words[j]
        if word in NAME_ENDS:
            # A sentence's first word is capitalised anyway: ask for one more capital.
            sentence_start = tokens.sentence_break(first)
            return capitalised > 1 or not sentence_start or tokens.is_capitalised(j)
        if not tokens.is_capitalised(j) and word not in _NAME_JOINERS:
            return False
        j += 1
    return False
