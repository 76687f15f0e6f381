"""The shipped texts of the public pages: German, honest about what the software knows.

What only the operator knows (name, address, contact, supervisory authority) is marked
"[Bitte ergänzen: …]"; the page shows the coordination office how many such fields remain.
"""

from __future__ import annotations

IMPRESSUM = """\
Angaben nach § 5 Digitale-Dienste-Gesetz (DDG) und § 18 Medienstaatsvertrag (MStV).

## Betreiber

[Bitte ergänzen: Name der betreibenden Stelle, z. B. Ministerium oder Landesbehörde]
[Bitte ergänzen: Anschrift]
[Bitte ergänzen: vertretungsberechtigte Person]

## Kontakt

[Bitte ergänzen: Telefon]
[Bitte ergänzen: E-Mail-Adresse]

## Inhaltlich verantwortlich nach § 18 Abs. 2 MStV

[Bitte ergänzen: Name und Anschrift]

## Software

Die Plattform beruht auf der freien Software „Fachkräfte-Plattform“ (Lizenz EUPL-1.2). \
Die Beschäftigtenzahlen der Demo sind synthetische Daten und keine amtliche Statistik.
"""

DATENSCHUTZ = """\
Diese Erklärung beschreibt, welche personenbezogenen Daten die Plattform verarbeitet. \
Sie gibt wieder, was die Software tut; Angaben zur betreibenden Stelle sind von ihr zu ergänzen.

## Verantwortliche Stelle

[Bitte ergänzen: Name und Anschrift der verantwortlichen Stelle]
[Bitte ergänzen: Kontakt der oder des Datenschutzbeauftragten]

## Öffentliche Seiten ohne Anmeldung

Beim Lesen der öffentlichen Seiten speichert die Plattform keine Profile und setzt keine \
Analyse- oder Werbe-Cookies. Schriften, Skripte und Grafiken kommen vom eigenen Server; \
Dritte erfahren nichts von Ihrem Besuch. Wenn Sie die Sprache umstellen, merkt sich ein \
Cookie (django_language) Ihre Wahl.

## Konto und Anmeldung

- Konto: Benutzername, Vor- und Nachname, E-Mail-Adresse, Sprache, Rollen in Allianzen.
- Sitzung: ein Sitzungs-Cookie (sessionid, höchstens acht Stunden) und ein Cookie zum Schutz \
von Formularen (csrftoken). Beide sind technisch notwendig.
- Fehlgeschlagene Anmeldungen: Benutzername, IP-Adresse und Zeitpunkt, um Angriffe auf \
Passwörter zu bremsen; sie werden nach einem Tag gelöscht.
- API-Token, wenn Sie eines erstellen (nur als Schlüssel zum Konto).

Rechtsgrundlage ist Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit [Bitte ergänzen: \
landesrechtliche Grundlage der Aufgabe].

## Arbeit in Allianzen

Beschlüsse, Stimmen, Befangenheitserklärungen und Änderungen an Allianzdaten werden mit \
Namen und Zeitpunkt im Änderungsprotokoll festgehalten, damit Entscheidungen nachvollziehbar \
bleiben. Das Protokoll sehen nur Personen mit einer Rolle in der Allianz und die \
Koordinierungsstelle. Wird ein Konto gelöscht, bleibt der Name im Protokoll als Text erhalten.

## Ihre Rechte

Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung und \
Widerspruch (Art. 15 bis 21 DSGVO). Unter „Mein Konto“ laden Sie alle über Sie gespeicherten \
Daten herunter und löschen Ihr Konto selbst. Sie können sich bei einer \
Datenschutz-Aufsichtsbehörde beschweren: [Bitte ergänzen: zuständige Aufsichtsbehörde des Landes].

## Server-Protokolle

Der Webserver protokolliert Fehler und abgewiesene Anfragen mit Zeitpunkt und aufgerufener \
Adresse. [Bitte ergänzen: Aufbewahrungsdauer der Server-Protokolle beim Betreiber]
"""

BARRIEREFREIHEIT = """\
[Bitte ergänzen: Name der betreibenden Stelle] ist bemüht, diese Plattform im Einklang mit \
§ 12a Behindertengleichstellungsgesetz (BGG) und der Barrierefreie-Informationstechnik-\
Verordnung (BITV 2.0) barrierefrei zugänglich zu machen.

## Stand der Vereinbarkeit mit den Anforderungen

Diese Plattform ist mit den Anforderungen der BITV 2.0 (WCAG 2.1, Stufe AA) teilweise vereinbar. \
Die Seiten nutzen den KERN UX-Standard; jede Seite der Browser-Tests wird automatisch mit \
axe-core geprüft, und die Anmeldung und die Beschlussseiten werden nur mit der Tastatur getestet. \
Eine vollständige Prüfung durch eine unabhängige Stelle hat noch nicht stattgefunden.

## Nicht barrierefreie Inhalte

- Diagramme und die Karte im Monitor sind Grafiken; dieselben Zahlen stehen als Tabelle auf \
der Seite, die Karte ist aber für Screenreader nur über die Tabelle der Kreise nutzbar.
- Die Sitzungsprotokolle als PDF sind keine getaggten PDF-Dokumente; dieselben Inhalte stehen \
als Webseite zur Verfügung.
- Heruntergeladene Tabellen (CSV, XLSX) haben keine zusätzlichen Beschreibungen.
- Eine Erläuterung in Deutscher Gebärdensprache und in Leichter Sprache fehlt noch.

## Erstellung dieser Erklärung

Diese Erklärung beruht auf einer Selbstbewertung der Entwicklerinnen und Entwickler mit \
automatischen Prüfungen (axe-core) und Tastaturtests. [Bitte ergänzen: Datum der Erstellung \
und der letzten Überprüfung]

## Barrieren melden: Feedback und Kontakt

Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Dann schreiben Sie uns: \
[Bitte ergänzen: E-Mail-Adresse und Telefonnummer der Kontaktstelle]. \
Wir beantworten Ihre Nachricht innerhalb eines Monats.

## Schlichtungsverfahren

Wenn Sie innerhalb eines Monats keine zufriedenstellende Antwort erhalten, können Sie einen \
Antrag auf ein Schlichtungsverfahren stellen. Für Stellen des Bundes ist das die \
Schlichtungsstelle nach § 16 BGG bei dem Beauftragten der Bundesregierung für die Belange \
von Menschen mit Behinderungen. Sie hilft, Konflikte zwischen Menschen mit Behinderungen und \
öffentlichen Stellen des Bundes außergerichtlich zu lösen; das Verfahren ist kostenlos, \
ein Rechtsbeistand ist nicht nötig.

- Schlichtungsstelle nach dem Behindertengleichstellungsgesetz, Mauerstraße 53, 10117 Berlin
- Telefon: 030 18 527-2805
- E-Mail: info@schlichtungsstelle-bgg.de
- Internet: https://www.schlichtungsstelle-bgg.de

Betreibt eine Stelle eines Landes die Plattform, ist die Schlichtungs- oder \
Durchsetzungsstelle dieses Landes zuständig: [Bitte ergänzen: Stelle nach Landesrecht, \
falls die Plattform von einer Landesbehörde betrieben wird].
"""

HILFE = """\
Die Fachkräfte-Plattform unterstützt die regionale Fachkräftesicherung: von der Prognose \
über die Strategie einer Allianz bis zum Beschluss.

## Ohne Anmeldung

- Kreise: Steckbrief jedes Kreises und jeder kreisfreien Stadt, mit Link zum Monitor, \
wo eine Prognose vorliegt.
- Monitor: Fachkräfteprognosen je Kreis und Beruf, mit Karte, Tabellen und Vergleich.
- Lohnatlas und Engpassanalyse: Löhne und Engpassindikatoren je Region und Beruf.
- Allianzen: die öffentlichen Angaben jeder Fachkräfteallianz (Mitglieder, Handlungsfelder).
- Programmierschnittstelle (API): dieselben Daten für Skripte; die Dokumentation steht \
unter „API-Dokumentation“ am Seitenende.

## Mit Anmeldung

Ein Konto erhalten Sie über eine Einladung per E-Mail: von der Steuerungsgruppe Ihrer \
Allianz oder von der Koordinierungsstelle. Nach der Anmeldung zeigt „Mein Bereich“ Ihre \
Allianzen, offene Tagesordnungspunkte (und ob Sie schon abgestimmt haben), die \
Selbstverpflichtungen Ihrer Organisation mit Fälligkeit und Ihre offenen Einladungen.

- Mitglieder einer Allianz sehen deren interne Seiten: Sitzungen, Beschlüsse, \
Selbstverpflichtungen, Strategie und Änderungsprotokoll.
- Die Steuerungsgruppe stimmt über Tagesordnungspunkte ab; wer befangen ist, erklärt das \
und stimmt nicht mit.
- Die Koordinierungsstelle legt Allianzen und Programme an, importiert Statistiken und \
pflegt diese Seiten.

## Passwort vergessen

Auf der Anmeldeseite führt „Passwort vergessen?“ zu einem Link per E-Mail.

## Kontakt

[Bitte ergänzen: Kontakt der Koordinierungsstelle für Fragen zur Plattform]
"""

TEXTS: dict[str, tuple[str, str]] = {
    "impressum": ("Impressum", IMPRESSUM),
    "datenschutz": ("Datenschutzerklärung", DATENSCHUTZ),
    "barrierefreiheit": ("Erklärung zur Barrierefreiheit", BARRIEREFREIHEIT),
    "hilfe": ("Hilfe", HILFE),
}
