"""The default wording of decision letters: every route × outcome × målform (bokmål, nynorsk).

Plain language (LIX under 40, checked in test_letters.py). Staff may edit them afterwards at
/ansatt/brevmaler/; this migration only adds a template that is missing and, when reversed,
removes only templates nobody has edited.
"""

from django.db import migrations

ANSWER_NB = """## Svar oss
Vil du ha plassen? Svar oss så fort du kan."""

ANSWER_NN = """## Svar oss
Vil du ha plassen? Svar oss så fort du kan."""

TEMPLATES = {
    ("vedtak", "granted", "nb"): (
        "Du får plass: {tilbud}",
        """Vi har sett på søknaden din. Du får plass fra kommunen.

## Hva skjer nå
Du begynner hos {tilbyder} den {startdato}. Du skal være der {dager} dager i uka.
Før du begynner, får du vite hvem som er kontakten din.

"""
        + ANSWER_NB,
    ),
    ("vedtak", "granted", "nn"): (
        "Du får plass: {tilbud}",
        """Vi har sett på søknaden din. Du får plass frå kommunen.

## Kva skjer no
Du byrjar hos {tilbyder} den {startdato}. Du skal vere der {dager} dagar i veka.
Før du byrjar, får du vite kven som er kontakten din.

"""
        + ANSWER_NN,
    ),
    ("vedtak", "refused", "nb"): (
        "Du får ikke plass nå",
        """Vi har sett på søknaden din. Du får ikke plass denne gangen. Under ser du hvorfor.

## Hva skjer nå
Du kan søke igjen. Du kan også snakke med oss om andre tilbud.
Ring oss eller send oss en e-post.""",
    ),
    ("vedtak", "refused", "nn"): (
        "Du får ikkje plass no",
        """Vi har sett på søknaden din. Du får ikkje plass denne gongen. Under ser du kvifor.

## Kva skjer no
Du kan søkje igjen. Du kan òg snakke med oss om andre tilbod.
Ring oss eller send oss ein e-post.""",
    ),
    ("vedtak", "waiting_list", "nb"): (
        "Du står på venteliste",
        """Vi har sett på søknaden din. Du kan få plass, men nå er ingen plass ledig.
Derfor står du på venteliste.

## Hva skjer nå
Vi sier fra når en plass blir ledig. Da får du et nytt brev.
Du trenger ikke å søke på nytt.""",
    ),
    ("vedtak", "waiting_list", "nn"): (
        "Du står på venteliste",
        """Vi har sett på søknaden din. Du kan få plass, men no er ingen plass ledig.
Difor står du på venteliste.

## Kva skjer no
Vi seier frå når ein plass blir ledig. Då får du eit nytt brev.
Du treng ikkje å søkje på nytt.""",
    ),
    ("nav", "granted", "nb"): (
        "Du får plass: {tilbud}",
        """Vi har sett på søknaden din. Du får plass hos {tilbyder}. NAV betaler for plassen.
Det kaller vi et tilsagn.

## Hva skjer nå
Du begynner den {startdato}. Du skal jobbe {dager} dager i uka.
{tilbyder} tar kontakt med deg før du begynner.

"""
        + ANSWER_NB,
    ),
    ("nav", "granted", "nn"): (
        "Du får plass: {tilbud}",
        """Vi har sett på søknaden din. Du får plass hos {tilbyder}. NAV betaler for plassen.
Det kallar vi eit tilsegn.

## Kva skjer no
Du byrjar den {startdato}. Du skal jobbe {dager} dagar i veka.
{tilbyder} tek kontakt med deg før du byrjar.

"""
        + ANSWER_NN,
    ),
    ("nav", "refused", "nb"): (
        "Du får ikke plass nå",
        """Vi har sett på søknaden din. NAV kan ikke gi deg plass nå. Under ser du hvorfor.

## Hva skjer nå
Du kan snakke med veilederen din i NAV om andre tiltak.
Du kan søke igjen senere.""",
    ),
    ("nav", "refused", "nn"): (
        "Du får ikkje plass no",
        """Vi har sett på søknaden din. NAV kan ikkje gi deg plass no. Under ser du kvifor.

## Kva skjer no
Du kan snakke med rettleiaren din i NAV om andre tiltak.
Du kan søkje igjen seinare.""",
    ),
    ("nav", "waiting_list", "nb"): (
        "Du står på venteliste",
        """Vi har sett på søknaden din. Du kan få plass, men nå er ingen plass ledig.
Derfor står du på venteliste hos NAV.

## Hva skjer nå
Vi sier fra når en plass blir ledig. Da får du et nytt brev.
Du trenger ikke å søke på nytt.""",
    ),
    ("nav", "waiting_list", "nn"): (
        "Du står på venteliste",
        """Vi har sett på søknaden din. Du kan få plass, men no er ingen plass ledig.
Difor står du på venteliste hos NAV.

## Kva skjer no
Vi seier frå når ein plass blir ledig. Då får du eit nytt brev.
Du treng ikkje å søkje på nytt.""",
    ),
}


def add_templates(apps, schema_editor):
    LetterTemplate = apps.get_model("intake", "LetterTemplate")
    for (route, outcome, language), (title, body) in TEMPLATES.items():
        LetterTemplate.objects.get_or_create(
            route=route, outcome=outcome, language=language, defaults={"title": title, "body": body}
        )


def remove_unedited(apps, schema_editor):
    LetterTemplate = apps.get_model("intake", "LetterTemplate")
    for (route, outcome, language), (title, body) in TEMPLATES.items():
        LetterTemplate.objects.filter(
            route=route, outcome=outcome, language=language, title=title, body=body, updated_by=None
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_templates, remove_unedited),
    ]
