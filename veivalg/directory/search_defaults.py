"""Starting vocabulary for the Norwegian search. Editors change synonyms in the admin afterwards."""

# First term of each group is the main form. Bokmål first, then nynorsk and other spellings.
DEFAULT_SYNONYMS: list[str] = [
    "vta, varig tilrettelagt arbeid, varig tilrettelagd arbeid",
    "vto, varig tilrettelagt arbeid i ordinær virksomhet, varig tilrettelagd arbeid i ordinær verksemd",
    "aft, arbeidsforberedende trening, arbeidsførebuande trening",
    "ips, individuell jobbstøtte, individuell jobbstønad",
    "helt med, heltmed",
    "arbeid, jobb, arbeidsplass, jobbe, arbeide",
    "dagtilbud, dagtilbod, dagsenter, aktivitetssenter, dagaktivitet, aktivitetstilbud, dagtid",
    "tilbud, tilbod",
    "verksted, verkstad",
    "hjem, heim",
    "fritid, fritidsaktivitet",
    "ungdom, ungdommar, unge, ung",
    "utviklingshemming, utviklingshemning, psykisk utviklingshemming",
    "støttekontakt, fritidskontakt, støttekontakter",
    "opplæring, undervisning",
    "skole, skule",
    "lærekandidat, lærekandidatordning, ung jobb",
    "videregående, vidaregåande",
    "tilrettelagt, tilrettelagd",
    "bedrift, verksemd, virksomhet",
    "kommunal, kommunale",
    "kjøpt plass, kjøpte plasser, kjøpt plass",
    "søknad, søknader, søke, søkje",
    "frist, søknadsfrist",
    "arbeidstrening, arbeidspraksis, arbeidsutprøving",
    "kafe, kafé, kaffe",
    "idrett, sport",
    "kultur, kunst",
    "voksenopplæring, vaksenopplæring",
    "folkehøgskole, folkehøgskule",
    "tilrettelagt opplæring, tilrettelagd opplæring",
    "nav, arbeids- og velferdsforvaltningen",
]

# Parts that Norwegian compounds are built from, for splitting words like 'arbeidstrening'.
COMPOUND_PARTS: list[str] = """
arbeid jobb jobbe trening dag senter sentre tilbud tilbod sted stad verksted verkstad
fritid aktivitet kontakt støtte kultur idrett musikk kafe kafé butikk gård hage kjøkken
vask snekker skole skule opplæring voksen vaksen ung ungdom klubb lag gruppe hus heim hjem bolig
praksis plass plasser tiltak bedrift marked messe kurs dans teater kunst tur friluft svømming
bowling data media trykk produksjon montasje lager sykkel bil vedlikehold renhold kantine mat
bakeri gartneri drivhus dyr dyre stall ride hest helse omsorg avlastning bistand assistent
leder rådgiver veileder kandidat lære lærling forberedende utprøving smak hospitering
""".split()

STOP_WORDS: frozenset[str] = frozenset(
    """
og i på til for med som er en et ei den det de av fra har kan vil skal jeg du han hun vi dere
eller om at men så ikke ikkje ikkje å var blir bli være vere eit dei dei meg deg seg sin sitt
sine min mitt mine din ditt dine hva kva hvor kvar når kor hvordan korleis noe noko alle mange
the a an of and or in on with
tilbud tilbod tilbudet tilbodet tilbudene tilboda gjøre gjere gjør noe noko få trenger treng ønsker
ynskjer
""".split()
)
