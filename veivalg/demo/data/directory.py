"""Fictional demo data for the directory: providers, texts shared by each kind of offer, and offices.

Everything here is invented but modelled on the providers in the source documents (a sheltered
company owned by the municipality, a municipal work centre, municipal day services, a cooperative
that sells places). Municipality names and numbers are real. Offers live in the regional modules
(`directory_ostlandet`, `directory_bergen`, `directory_vestland`), locations in
`directory_locations`. The loader is `manage.py load_demo_data`; every row it writes has
`is_demo=True`.
"""

from __future__ import annotations

import datetime

from .directory_bergen import OFFERS as BERGEN_OFFERS
from .directory_locations import ACCESS, LOCATIONS, TRANSPORT
from .directory_ostlandet import OFFERS as OSTLANDET_OFFERS
from .directory_vestland import OFFERS as VESTLAND_OFFERS

__all__ = ["ACCESS", "LOCATIONS", "TRANSPORT", "OFFERS", "ORGANIZATIONS", "KIND_TEXT", "OFFICES"]

OFFERS = [*OSTLANDET_OFFERS, *BERGEN_OFFERS, *VESTLAND_OFFERS]

MUNICIPALITIES = ["3201", "3203", "4601", "4621", "4627", "4614", "4640"]

MAIN_DEADLINE = datetime.date(2027, 2, 1)

# The office that keeps each municipality's information current, shown as "kontrollert av".
# The second name is the one applicants send municipal applications to.
OFFICES = {
    "3201": ("Tildelingskontoret i Bærum", "Tildelingskontoret i Bærum kommune"),
    "3203": ("Tildelingskontoret i Asker", "Tildelingskontoret i Asker kommune"),
    "4601": ("Etat for tildeling, Bergen kommune", "Etat for tildeling i Bergen kommune"),
    "4621": ("Tenestekontoret i Voss herad", "Tenestekontoret i Voss herad"),
    "4627": ("Tildelingskontoret i Askøy", "Tildelingskontoret i Askøy kommune"),
    "4614": ("Tenestekontoret i Stord kommune", "Tenestekontoret i Stord kommune"),
    "4640": ("Tildelingskontoret i Sogndal", "Tildelingskontoret i Sogndal kommune"),
}

# key: (name, municipality number, e-mail local part, phone)
ORGANIZATIONS = {
    # Bærum and Asker
    "fjordvik": ("Fjordvik Arbeid AS", "3201", "post.fjordvik", "67 00 11 40"),
    "aktivitet-baerum": ("Aktivitetstjenesten i Bærum", "3201", "aktivitet.baerum", "67 00 12 10"),
    "kolsas": ("Kolsås arbeidssenter", "3201", "kolsas.arbeidssenter", "67 00 12 50"),
    "klover": ("Kløverenga verksted SA", "3201", "post.klover", "67 00 13 20"),
    "jobbveien": ("Jobbveien Asker og Bærum", "3201", "jobbveien", "67 00 14 00"),
    "holmeby": ("Holmeby videregående skole", "3201", "holmeby.vgs", "67 00 15 30"),
    "sandvika-lc": ("Sandvika læringssenter", "3201", "sandvika.laering", "67 00 16 00"),
    "vestmarka": ("Vestmarka folkehøgskole", "3201", "post.vestmarka", "67 00 17 70"),
    "bolgen": ("Svømmeklubben Bølgen", "3201", "bolgen", "67 00 18 10"),
    "scenelyst": ("Teatergruppa Scenelyst", "3201", "scenelyst", "67 00 18 40"),
    "baerum": ("Bærum kommune", "3201", "tildeling.baerum", "67 00 10 00"),
    "dagsenter-asker": ("Dagsentrene i Asker", "3203", "dagsenter.asker", "66 00 21 10"),
    "arbeid-asker": ("Arbeidssenteret i Asker", "3203", "arbeidssenter.asker", "66 00 21 60"),
    "askerbruket": ("Askerbruket AS", "3203", "post.askerbruket", "66 00 22 00"),
    "vardasen": ("Vardåsen videregående skole", "3203", "vardasen.vgs", "66 00 23 30"),
    "asker-lc": ("Asker læringssenter", "3203", "asker.laering", "66 00 24 00"),
    "kvikk": ("Idrettslaget Kvikk", "3203", "kvikk", "66 00 25 50"),
    "asker": ("Asker kommune", "3203", "tildeling.asker", "66 00 20 00"),
    # Bergen
    "dagsenter-bergen": ("Dagsentra i Bergen kommune", "4601", "dagsenter.bergen", "55 00 31 10"),
    "arbeid-bergen": ("Bergen arbeidssenter", "4601", "arbeidssenter.bergen", "55 00 31 60"),
    "kvarven": ("Kvarven kafé og verkstad SA", "4601", "post.kvarven", "55 00 32 20"),
    "nordnes": ("Nordnes Vekst AS", "4601", "post.nordnesvekst", "55 00 33 00"),
    "fjellsida": ("Fjellsida Arbeid AS", "4601", "post.fjellsida", "55 00 33 80"),
    "jobbhuset": ("Jobbhuset Vest", "4601", "jobbhuset", "55 00 34 40"),
    "sandviksbakken": ("Sandviksbakken vidaregåande skule", "4601", "sandviksbakken.vgs", "55 00 35 00"),
    "fjellvegen": ("Fjellvegen vidaregåande skule", "4601", "fjellvegen.vgs", "55 00 35 60"),
    "opplaering-bergen": ("Opplæringsringen Bergen", "4601", "opplaeringsringen", "55 00 36 10"),
    "nygard": ("Nygård læringssenter", "4601", "nygard.laering", "55 00 36 70"),
    "scenekunst": ("Scenekunstverkstaden", "4601", "scenekunstverkstaden", "55 00 37 20"),
    "sterk": ("Idrettslaget Sterk", "4601", "sterk", "55 00 37 80"),
    "takt": ("Dansegruppa Takt", "4601", "takt", "55 00 38 30"),
    "bergen": ("Bergen kommune", "4601", "tildeling.bergen", "55 00 30 00"),
    # Voss, Askøy, Stord, Sogndal
    "vangen": ("Vangen Arbeid AS", "4621", "post.vangen", "56 00 41 10"),
    "dagtilbod-voss": ("Dagtilbodet i Voss herad", "4621", "dagtilbod.voss", "56 00 41 60"),
    "lonahorgi": ("Lønahorgi folkehøgskule", "4621", "post.lonahorgi", "56 00 42 20"),
    "vangsvatnet": ("Vangsvatnet vidaregåande skule", "4621", "vangsvatnet.vgs", "56 00 42 70"),
    "tonefall": ("Koret Tonefall", "4621", "tonefall", "56 00 43 30"),
    "voss": ("Voss herad", "4621", "tenestekontoret.voss", "56 00 40 00"),
    "askoy-kommune": ("Askøy kommune", "4627", "tildeling.askoy", "56 00 50 00"),
    "herdla": ("Herdla Verk AS", "4627", "post.herdla", "56 00 51 10"),
    "askoy-lc": ("Askøy læringssenter", "4627", "askoy.laering", "56 00 51 70"),
    "fyrlykta": ("Fritidsklubben Fyrlykta", "4627", "fyrlykta", "56 00 52 20"),
    "stord-kommune": ("Stord kommune", "4614", "tenestekontoret.stord", "53 00 60 00"),
    "leirvik": ("Leirvik Arbeid AS", "4614", "post.leirvik", "53 00 61 10"),
    "opplaering-sunnhordland": ("Opplæringsringen Sunnhordland", "4614", "sunnhordland", "53 00 61 70"),
    "strike": ("Bowlingklubben Strike", "4614", "strike", "53 00 62 20"),
    "kaupanger": ("Kaupanger arbeidssenter", "4640", "kaupanger.arbeid", "57 00 71 10"),
    "sognefjord": ("Sognefjord Vekst AS", "4640", "post.sognefjord", "57 00 71 60"),
    "sogndal-lc": ("Sogndal læringssenter", "4640", "sogndal.laering", "57 00 72 10"),
    "sognefjellet": ("Sognefjellet folkehøgskule", "4640", "post.sognefjellet", "57 00 72 70"),
    "stigen": ("Friluftslaget Stigen", "4640", "stigen", "57 00 73 30"),
}

# Per kind: a paragraph about the kind, who it is for, how to apply, cost, ages (nb, then nn).
# "{office}" in how-to-apply is the municipality's allocation office; "{org}" the provider.
KIND_TEXT = {
    "dagtilbud": {
        "about": (
            "Dagtilbud er aktivitet på dagtid for voksne som ikke kan jobbe. Du får trygge rammer og faste folk rundt deg. Innholdet lages sammen med deg, ut fra det du liker.",
            "Dagtilbod er aktivitet på dagtid for vaksne som ikkje kan jobbe. Du får trygge rammer og faste folk rundt deg. Innhaldet blir laga saman med deg, ut frå det du likar.",
        ),
        "eligibility": (
            "For voksne med utviklingshemming eller store hjelpebehov. Du må ha vedtak fra kommunen.",
            "For vaksne med utviklingshemming eller store hjelpebehov. Du må ha vedtak frå kommunen.",
        ),
        "apply": (
            "Send søknad til {office}. Fristen for hovedopptaket er 1. februar. Flytter du hit senere i året, kan du søke da. Kommunen sender svar i et brev.",
            "Send søknad til {office}. Fristen for hovudopptaket er 1. februar. Flyttar du hit seinare i året, kan du søkje då. Kommunen sender svar i eit brev.",
        ),
        "cost": ("Gratis. Du betaler selv for mat.", "Gratis. Du betaler sjølv for mat."),
        "ages": (18, None),
    },
    "kommunalt-tilrettelagt-arbeid": {
        "about": (
            "Her har du en vanlig arbeidsdag med oppgaver som passer deg. En arbeidsleder følger deg opp. Du kan også kombinere med noen dager i en vanlig bedrift.",
            "Her har du ein vanleg arbeidsdag med oppgåver som passar deg. Ein arbeidsleiar følgjer deg opp. Du kan òg kombinere med nokre dagar i ei vanleg bedrift.",
        ),
        "eligibility": (
            "For voksne med utviklingshemming som vil jobbe. Du får uføretrygd eller har søkt om det.",
            "For vaksne med utviklingshemming som vil jobbe. Du får uføretrygd eller har søkt om det.",
        ),
        "apply": (
            "Send søknad til {office}. Fristen er 1. februar. Skriv gjerne om praksis og jobbsmak du har hatt. Du får komme på besøk før du bestemmer deg.",
            "Send søknad til {office}. Fristen er 1. februar. Skriv gjerne om praksis og jobbsmak du har hatt. Du får kome på besøk før du bestemmer deg.",
        ),
        "cost": ("Gratis", "Gratis"),
        "ages": (18, 67),
    },
    "kjopte-plasser": {
        "about": (
            "Kommunen kjøper plasser her og betaler for deg. Derfor søker du hos kommunen, ikke hos bedriften. Du får arbeid og et fellesskap med andre.",
            "Kommunen kjøper plassar her og betaler for deg. Difor søkjer du hos kommunen, ikkje hos bedrifta. Du får arbeid og eit fellesskap med andre.",
        ),
        "eligibility": (
            "For voksne med utviklingshemming som vil jobbe. Du må ha vedtak fra kommunen.",
            "For vaksne med utviklingshemming som vil jobbe. Du må ha vedtak frå kommunen.",
        ),
        "apply": (
            "Send søknad til {office}. Fristen er 1. februar. Ring gjerne {org} og avtal et besøk først.",
            "Send søknad til {office}. Fristen er 1. februar. Ring gjerne {org} og avtal eit besøk først.",
        ),
        "cost": ("Gratis", "Gratis"),
        "ages": (18, 67),
    },
    "vta": {
        "about": (
            "Varig tilrettelagt arbeid (VTA) er en fast jobb i en skjermet bedrift. Du får lønn i tillegg til uføretrygd. NAV betaler plassen og gir tilsagn. Er det fullt, kommer du på venteliste.",
            "Varig tilrettelagd arbeid (VTA) er ein fast jobb i ei skjerma bedrift. Du får løn i tillegg til uføretrygd. NAV betaler plassen og gir tilsegn. Er det fullt, kjem du på venteliste.",
        ),
        "eligibility": (
            "For deg som får uføretrygd, eller snart skal få det, og som vil jobbe.",
            "For deg som får uføretrygd, eller snart skal få det, og som vil jobbe.",
        ),
        "apply": (
            "Snakk med veilederen din i NAV. NAV sender søknaden og gir tilsagn. Opptaket er løpende, så du kan søke når som helst. Du får gjerne en prøveperiode først.",
            "Snakk med rettleiaren din i NAV. NAV sender søknaden og gir tilsegn. Opptaket er løpande, så du kan søkje når som helst. Du får gjerne ein prøveperiode først.",
        ),
        "cost": ("Gratis", "Gratis"),
        "ages": (18, 67),
    },
    "vto": {
        "about": (
            "VTA i ordinær virksomhet betyr at du jobber i en vanlig bedrift. Jobben er tilpasset deg, og du får fast oppfølging. NAV betaler et tilskudd til bedriften.",
            "VTA i ordinær verksemd betyr at du jobbar i ei vanleg bedrift. Jobben er tilpassa deg, og du får fast oppfølging. NAV betaler eit tilskot til bedrifta.",
        ),
        "eligibility": (
            "For deg som får uføretrygd og vil jobbe sammen med andre i en vanlig bedrift.",
            "For deg som får uføretrygd og vil jobbe saman med andre i ei vanleg bedrift.",
        ),
        "apply": (
            "Snakk med veilederen din i NAV. Opptaket er løpende. NAV gir tilsagn når det er en ledig plass.",
            "Snakk med rettleiaren din i NAV. Opptaket er løpande. NAV gir tilsegn når det er ein ledig plass.",
        ),
        "cost": ("Gratis", "Gratis"),
        "ages": (18, 67),
    },
    "aft": {
        "about": (
            "Arbeidsforberedende trening (AFT) er trening før du begynner i jobb. Du prøver ulike oppgaver og finner ut hva du liker. NAV gir tilsagn, og du får penger mens du er med.",
            "Arbeidsførebuande trening (AFT) er trening før du byrjar i jobb. Du prøver ulike oppgåver og finn ut kva du likar. NAV gir tilsegn, og du får pengar medan du er med.",
        ),
        "eligibility": (
            "For deg over 18 år som trenger hjelp til å komme i jobb.",
            "For deg over 18 år som treng hjelp til å kome i jobb.",
        ),
        "apply": (
            "Snakk med veilederen din i NAV. Opptaket er løpende. Treningen varer vanligvis opptil ett år.",
            "Snakk med rettleiaren din i NAV. Opptaket er løpande. Treninga varer vanlegvis opptil eitt år.",
        ),
        "cost": ("Gratis", "Gratis"),
        "ages": (18, 67),
    },
    "helt-med-ips": {
        "about": (
            "Du får en vanlig jobb med lønn. En jobbspesialist hjelper deg å finne jobben. Hun eller han følger deg opp så lenge du trenger. Sjefen din får også hjelp.",
            "Du får ein vanleg jobb med løn. Ein jobbspesialist hjelper deg å finne jobben. Ho eller han følgjer deg opp så lenge du treng. Sjefen din får òg hjelp.",
        ),
        "eligibility": (
            "For deg som vil ha en vanlig jobb og trenger støtte for å få det til.",
            "For deg som vil ha ein vanleg jobb og treng støtte for å få det til.",
        ),
        "apply": (
            "Snakk med veilederen din i NAV, eller ring oss. Opptaket er løpende.",
            "Snakk med rettleiaren din i NAV, eller ring oss. Opptaket er løpande.",
        ),
        "cost": ("Gratis", "Gratis"),
        "ages": (18, 67),
    },
    "laerekandidat": {
        "about": (
            "Som lærekandidat går du to år på skole og to år i en bedrift. Du lærer deler av et fag og får et kompetansebevis. Noen kaller dette Ung Jobb. I bedriften får du lønn.",
            "Som lærekandidat går du to år på skule og to år i ei bedrift. Du lærer delar av eit fag og får eit kompetansebevis. Nokre kallar dette Ung Jobb. I bedrifta får du løn.",
        ),
        "eligibility": (
            "For elever i tilrettelagt opplæring som vil lære et yrke.",
            "For elevar i tilrettelagd opplæring som vil lære eit yrke.",
        ),
        "apply": (
            "Snakk med rådgiveren på skolen din. Du søker gjennom skolen, sammen med de andre elevene.",
            "Snakk med rådgivaren på skulen din. Du søkjer gjennom skulen, saman med dei andre elevane.",
        ),
        "cost": ("Gratis", "Gratis"),
        "ages": (16, 24),
    },
    "tilrettelagt-opplaering": {
        "about": (
            "Tilrettelagt opplæring (TO) er videregående skole med innhold som passer deg. Du lærer ting du trenger i livet og i arbeid. Gruppene er små, og det er god tid.",
            "Tilrettelagd opplæring (TO) er vidaregåande skule med innhald som passar deg. Du lærer ting du treng i livet og i arbeid. Gruppene er små, og det er god tid.",
        ),
        "eligibility": (
            "For unge som har rett til videregående opplæring og trenger et tilpasset tilbud.",
            "For unge som har rett til vidaregåande opplæring og treng eit tilpassa tilbod.",
        ),
        "apply": (
            "Du søker gjennom skolen, med hjelp fra rådgiveren. Fristen er 1. februar året du begynner.",
            "Du søkjer gjennom skulen, med hjelp frå rådgivaren. Fristen er 1. februar året du byrjar.",
        ),
        "cost": ("Gratis", "Gratis"),
        "ages": (16, 24),
    },
    "voksenopplaering": {
        "about": (
            "Voksenopplæring er kurs for voksne. Du kan lære å lese, skrive og regne, eller bruke mobil og data. Kursene går i små grupper.",
            "Vaksenopplæring er kurs for vaksne. Du kan lære å lese, skrive og rekne, eller bruke mobil og data. Kursa går i små grupper.",
        ),
        "eligibility": (
            "For voksne over 18 år som bor i kommunen.",
            "For vaksne over 18 år som bur i kommunen.",
        ),
        "apply": (
            "Ring eller send e-post til {org}. Du kan begynne når det er plass.",
            "Ring eller send e-post til {org}. Du kan byrje når det er plass.",
        ),
        "cost": ("Gratis", "Gratis"),
        "ages": (18, None),
    },
    "folkehogskole": {
        "about": (
            "Et år på folkehøgskole gir deg venner og nye ting å prøve. Du bor på skolen. Det er ingen eksamen og ingen karakterer.",
            "Eit år på folkehøgskule gir deg vener og nye ting å prøve. Du bur på skulen. Det er ingen eksamen og ingen karakterar.",
        ),
        "eligibility": (
            "For deg over 18 år som har gått ut av videregående skole.",
            "For deg over 18 år som har gått ut av vidaregåande skule.",
        ),
        "apply": (
            "Søk direkte til skolen på nettet. Søk tidlig, for det blir fort fullt.",
            "Søk direkte til skulen på nettet. Søk tidleg, for det blir fort fullt.",
        ),
        "cost": (
            "Om lag 130 000 kr for skoleåret. Du kan få stipend fra Lånekassen.",
            "Om lag 130 000 kr for skuleåret. Du kan få stipend frå Lånekassen.",
        ),
        "ages": (18, None),
    },
    "fritidstilbud": {
        "about": (
            "Du kan komme og prøve før du bestemmer deg. Ta gjerne med en venn eller en støttekontakt.",
            "Du kan kome og prøve før du bestemmer deg. Ta gjerne med ein ven eller ein støttekontakt.",
        ),
        "eligibility": ("For alle som har lyst til å være med.", "For alle som har lyst til å vere med."),
        "apply": (
            "Meld deg på hos {org}. Du trenger ikke vedtak.",
            "Meld deg på hos {org}. Du treng ikkje vedtak.",
        ),
        "cost": ("Egenandel 200 kr i måneden", "Eigenandel 200 kr i månaden"),
        "ages": (None, None),
    },
    "stottekontakt": {
        "about": (
            "En støttekontakt er en person som blir med deg på fritiden. Dere kan gå på kino, trene eller møte venner. Kommunen finner en person som passer deg.",
            "Ein støttekontakt er ein person som blir med deg på fritida. De kan gå på kino, trene eller møte vener. Kommunen finn ein person som passar deg.",
        ),
        "eligibility": (
            "For deg som trenger hjelp for å ha en aktiv fritid.",
            "For deg som treng hjelp for å ha ei aktiv fritid.",
        ),
        "apply": (
            "Send søknad til {office}. Du kan søke når som helst i året. Kommunen sender svar i et brev.",
            "Send søknad til {office}. Du kan søkje når som helst i året. Kommunen sender svar i eit brev.",
        ),
        "cost": ("Gratis", "Gratis"),
        "ages": (None, None),
    },
}
