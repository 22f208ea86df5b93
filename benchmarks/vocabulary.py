"""Norwegian word lists the generator combines into offer titles, summaries and provider names.

Invented, but in the words real offers use: what you do (activities), what kind of offer it is,
who it is for, and how to apply. Each offer kind has its own title patterns and sentences;
"{activity}", "{place}" and "{org}" are filled in per offer.
"""

ACTIVITIES = [
    "snekkerverksted",
    "sykkelverksted",
    "kafé",
    "kantine",
    "vaskeri",
    "gartneri",
    "bakeri",
    "trykkeri",
    "montasje",
    "lager og logistikk",
    "gårdsdrift",
    "dyrestell",
    "gjenbruksbutikk",
    "renhold",
    "vedlikehold",
    "kjøkken",
    "catering",
    "hagearbeid",
    "veksthus",
    "keramikk",
    "vevstue",
    "tekstil og søm",
    "mediaverksted",
    "dataverksted",
    "bilpleie",
    "friluftsliv",
    "musikk",
    "teater",
    "dans",
    "svømming",
    "bowling",
    "fotball",
    "turgruppe",
    "kunstverksted",
    "pakking og ombæring",
    "butikkdrift",
    "resepsjon",
    "parkdrift",
    "ved og kaminved",
    "fiskemottak",
]

TITLE_PATTERNS = {
    "dagtilbud": [
        "Dagsenter {place}",
        "Dagtilbud med {activity}",
        "Aktivitetssenteret {place}",
        "Dagaktivitet: {activity}",
        "Dagtilbud {place} sentrum",
    ],
    "kommunalt-tilrettelagt-arbeid": [
        "Arbeidssenteret {place}",
        "Kommunalt tilrettelagt arbeid: {activity}",
        "Arbeidssentral {place}, {activity}",
    ],
    "kjopte-plasser": [
        "Kjøpte plasser i {activity}",
        "{org}: kjøpte plasser",
        "Plasser i {activity} ({place})",
    ],
    "vta": [
        "VTA {activity}",
        "Varig tilrettelagt arbeid i {activity}",
        "{org}: VTA-plasser",
        "Skjermet arbeid i {activity}",
    ],
    "vto": ["VTO i {activity}", "VTA i ordinær bedrift: {activity}", "Tilrettelagt jobb i {activity}"],
    "aft": ["AFT {place}", "Arbeidsforberedende trening i {activity}", "Arbeidstrening: {activity}"],
    "helt-med-ips": ["HELT MED {place}", "IPS jobbstøtte {place}", "Jobbspesialist for ungdom i {place}"],
    "laerekandidat": ["Lærekandidat i {activity}", "Lærekandidatordning {place}", "Ung jobb: {activity}"],
    "tilrettelagt-opplaering": [
        "Tilrettelagt opplæring, {activity}",
        "TO-klasse {place}",
        "Tilrettelagt videregående opplæring {place}",
    ],
    "voksenopplaering": [
        "Voksenopplæring {place}",
        "Kurs i {activity} for voksne",
        "Lese- og skrivekurs {place}",
    ],
    "folkehogskole": [
        "Folkehøgskole-linje: {activity}",
        "{place} folkehøgskole",
        "Folkehøgskole med {activity}",
    ],
    "fritidstilbud": [
        "Fritidsklubb {place}",
        "{activity} for ungdom",
        "Tilrettelagt {activity}",
        "Kveldsklubb med {activity}",
    ],
    "stottekontakt": ["Støttekontakt i {place}", "Fritidskontakt og {activity}", "Støttekontakt i gruppe"],
}

KIND_SENTENCES = {
    "dagtilbud": [
        "Aktivitet på dagtid med trygge rammer og faste folk rundt deg.",
        "Du er med på {activity} og turer i nærmiljøet.",
        "Innholdet lages sammen med deg.",
    ],
    "kommunalt-tilrettelagt-arbeid": [
        "En vanlig arbeidsdag med oppgaver som passer deg.",
        "En arbeidsleder følger deg opp i {activity}.",
        "Du kan kombinere med noen dager i en vanlig bedrift.",
    ],
    "kjopte-plasser": [
        "Kommunen kjøper plasser her og betaler for deg.",
        "Du får arbeid i {activity} og et fellesskap med andre.",
    ],
    "vta": [
        "Varig tilrettelagt arbeid i en skjermet bedrift. NAV gir tilsagn.",
        "Du jobber med {activity} i et fast arbeidslag.",
        "Du får lønn og en arbeidsleder som kjenner deg.",
    ],
    "vto": [
        "Tilrettelagt arbeid i en vanlig bedrift, med oppfølging fra NAV.",
        "Du jobber i {activity} sammen med andre ansatte.",
    ],
    "aft": [
        "Arbeidsforberedende trening og utprøving før arbeid.",
        "Du prøver deg i {activity} og får veiledning.",
        "Målet er jobb eller utdanning.",
    ],
    "helt-med-ips": [
        "Vanlig jobb med oppfølging fra en jobbspesialist.",
        "Du får hjelp til å finne jobb i {activity}.",
    ],
    "laerekandidat": [
        "To år i skole og to år i bedrift, med kompetansebevis.",
        "Du lærer faget {activity} med en fast veileder.",
    ],
    "tilrettelagt-opplaering": [
        "Videregående opplæring med tilpasset innhold.",
        "Praktisk opplæring i {activity} i små grupper.",
    ],
    "voksenopplaering": [
        "Kurs og opplæring for voksne i ditt tempo.",
        "Du lærer {activity} i en liten gruppe.",
    ],
    "folkehogskole": [
        "Et skoleår med fellesskap og fag du liker.",
        "Linjen har {activity} flere dager i uka.",
    ],
    "fritidstilbud": [
        "Aktiviteter på fritiden: idrett, kultur og klubb.",
        "Vi møtes hver uke til {activity}.",
    ],
    "stottekontakt": ["En person som hjelper deg å delta i fritid.", "Dere kan gjøre {activity} sammen."],
}

COMMON_SENTENCES = [
    "Tilbudet holder til i {place}.",
    "Det er plass til nye deltakere fra høsten.",
    "Lokalene er tilgjengelige med rullestol.",
    "Du kan komme på besøk før du bestemmer deg.",
    "Passer for ungdom og unge voksne.",
    "Passer for voksne med utviklingshemming.",
    "Vi har tilrettelagt transport fra {place}.",
    "Kontakt oss for en uforpliktende prat.",
    "Tilbudet har faste rutiner og forutsigbare dager.",
    "Det er servering av lunsj.",
]

ELIGIBILITY = [
    "For voksne med utviklingshemming.",
    "For ungdom mellom 16 og 25 år.",
    "For deg som har tilsagn fra NAV.",
    "For deg som har vedtak fra kommunen.",
    "For alle som bor i {place}.",
    "For elever med rett til spesialundervisning.",
]

APPLY = [
    "Send søknad til tildelingskontoret i {place}.",
    "Snakk med veilederen din i NAV.",
    "Ta kontakt med rådgiveren på skolen.",
    "Meld deg på direkte hos {org}.",
    "Søknadsfristen for hovedopptaket er 1. februar.",
]

ORG_PATTERNS = [
    "{place} Arbeid AS",
    "{place} Vekst AS",
    "{place} arbeidssenter",
    "Dagsentrene i {place}",
    "{place} verksted SA",
    "{place} folkehøgskole",
    "Idrettslaget {word}",
    "{word} kafé og verksted SA",
    "{place} læringssenter",
    "{word} Vekst AS",
    "Fritidsklubben {word}",
    "{place} videregående skole",
]

ORG_WORDS = [
    "Fjordlys",
    "Kløver",
    "Bølgen",
    "Lyngheia",
    "Nordlys",
    "Fjellstien",
    "Bjørka",
    "Solstreif",
    "Havgapet",
    "Tindetoppen",
    "Lauvskogen",
    "Varden",
    "Fyrlykta",
    "Elvebredden",
    "Rabben",
    "Moltebær",
]
