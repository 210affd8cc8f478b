"""The explorer's questionnaire and reasons in the variants' other languages (pure data).

Written for this product from the French wordings of ``interets`` (same three readers:
adults ``18+``, ``15-18``, ``11-15``; the teenage wordings address the reader informally as
the French ones do). ``ITEMS[langue][item_id]`` holds the three wordings in that order.
The ROME centres d'intérêt and the fiches' names exist in French only in the referential:
they stay in French.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUES = ("fr", "en", "es", "de", "it")
LANGUE_DEFAUT = "fr"

Textes = tuple[str, str, str]  # 18+, 15-18, 11-15

ITEMS: Mapping[str, Mapping[str, Textes]] = {
    "en": {
        "R1": (
            "Repair a broken appliance or machine",
            "Repair a scooter, a bike or a broken appliance",
            "Fix a bike or a broken toy",
        ),
        "R2": (
            "Work outdoors, in nature or on a building site",
            "Work outside, in nature or on a building site",
            "Spend the day outside, in nature",
        ),
        "R3": (
            "Drive a vehicle or operate heavy machinery",
            "Drive a vehicle or operate heavy machinery",
            "Drive a tractor, a boat or a crane",
        ),
        "R4": (
            "Make or assemble objects with tools",
            "Make objects with tools",
            "Build things with tools",
        ),
        "R5": (
            "Care for animals or look after plants and crops",
            "Look after animals or plants",
            "Look after animals or grow plants",
        ),
        "I1": (
            "Carry out experiments to test a hypothesis",
            "Do experiments to check an idea",
            "Do experiments to see what happens",
        ),
        "I2": (
            "Analyse data or statistics to understand a phenomenon",
            "Analyse figures to understand a phenomenon",
            "Find out why things happen the way they do",
        ),
        "I3": (
            "Understand how the human body or living things work",
            "Understand how the human body and living things work",
            "Discover how the human body works",
        ),
        "I4": (
            "Solve a complex maths or logic problem",
            "Solve maths or logic problems",
            "Solve riddles and puzzles",
        ),
        "I5": (
            "Keep up with scientific and technical discoveries",
            "Read about science, space or new technologies",
            "Watch programmes about science or space",
        ),
        "A1": (
            "Draw, paint or design visuals",
            "Draw, paint or create pictures",
            "Draw or paint",
        ),
        "A2": (
            "Write texts, articles or stories",
            "Write texts or stories",
            "Make up and write stories",
        ),
        "A3": (
            "Play music, sing or act",
            "Make music, sing or do theatre",
            "Make music or do theatre",
        ),
        "A4": (
            "Decorate or lay out a place, or design clothes",
            "Decorate a room or design clothes",
            "Decorate your bedroom or make clothes",
        ),
        "A5": (
            "Take photographs, film or edit videos",
            "Take photos, film or edit videos",
            "Take photos or make short videos",
        ),
        "S1": (
            "Explain something to someone until they understand",
            "Explain a lesson to someone who did not understand it",
            "Help a friend understand an exercise",
        ),
        "S2": (
            "Take care of people who are ill, elderly or in difficulty",
            "Look after people who are ill, elderly or in difficulty",
            "Look after people who need help",
        ),
        "S3": (
            "Listen to and advise people who have a problem",
            "Listen to and advise someone who has a problem",
            "Listen to a friend who is worried",
        ),
        "S4": (
            "Lead a group of children or adults",
            "Lead a group, for example in a club or a holiday camp",
            "Organise games for younger children",
        ),
        "S5": (
            "Welcome people and direct them",
            "Welcome people and give them information",
            "Welcome and guide visitors",
        ),
        "E1": (
            "Persuade people to adopt an idea or buy a product",
            "Persuade others to go with your idea",
            "Persuade others to do what you suggest",
        ),
        "E2": (
            "Lead a team and take decisions",
            "Lead a team and take decisions",
            "Be the team leader in a game",
        ),
        "E3": (
            "Set up and grow your own business",
            "Start a project or set up your own business",
            "Run a project with others, like a cake sale",
        ),
        "E4": (
            "Negotiate a price, a contract or an agreement",
            "Negotiate a price or an agreement",
            "Talk things through to reach an agreement",
        ),
        "E5": (
            "Organise an event and make it a success",
            "Organise a party, a tournament or an event",
            "Organise a party or an outing",
        ),
        "C1": (
            "File documents and keep records up to date",
            "Sort and file documents",
            "Tidy and sort your things",
        ),
        "C2": (
            "Keep accounts or a budget",
            "Keep a budget or do the accounts",
            "Count your pocket money and make a budget",
        ),
        "C3": (
            "Follow precise procedures and check that everything complies",
            "Follow precise rules and check that everything is right",
            "Follow precise rules",
        ),
        "C4": (
            "Enter and organise information in a spreadsheet or a database",
            "Organise information in a table",
            "Make lists and tables",
        ),
        "C5": (
            "Plan a schedule and follow its progress",
            "Prepare a schedule and stick to it",
            "Plan your timetable for the week",
        ),
    },
    "es": {
        "R1": (
            "Reparar un aparato o una máquina averiada",
            "Reparar una moto, una bici o un aparato averiado",
            "Arreglar una bici o un juguete roto",
        ),
        "R2": (
            "Trabajar al aire libre, en la naturaleza o en una obra",
            "Trabajar fuera, en la naturaleza o en una obra",
            "Pasar el día fuera, en la naturaleza",
        ),
        "R3": (
            "Conducir un vehículo o manejar maquinaria",
            "Conducir un vehículo o manejar maquinaria",
            "Conducir un tractor, un barco o una grúa",
        ),
        "R4": (
            "Fabricar o montar objetos con herramientas",
            "Fabricar objetos con herramientas",
            "Construir cosas con herramientas",
        ),
        "R5": (
            "Cuidar animales u ocuparse de plantas y cultivos",
            "Ocuparte de animales o de plantas",
            "Cuidar animales o hacer crecer plantas",
        ),
        "I1": (
            "Realizar experimentos para comprobar una hipótesis",
            "Hacer experimentos para comprobar una idea",
            "Hacer experimentos para ver qué pasa",
        ),
        "I2": (
            "Analizar datos o estadísticas para comprender un fenómeno",
            "Analizar cifras para comprender un fenómeno",
            "Averiguar por qué las cosas pasan como pasan",
        ),
        "I3": (
            "Comprender el funcionamiento del cuerpo humano o de los seres vivos",
            "Comprender cómo funcionan el cuerpo humano y los seres vivos",
            "Descubrir cómo funciona el cuerpo humano",
        ),
        "I4": (
            "Resolver un problema complejo de matemáticas o de lógica",
            "Resolver problemas de mates o de lógica",
            "Resolver acertijos y rompecabezas",
        ),
        "I5": (
            "Estar al día de los descubrimientos científicos y técnicos",
            "Leer sobre ciencia, el espacio o las nuevas tecnologías",
            "Ver programas sobre ciencia o el espacio",
        ),
        "A1": (
            "Dibujar, pintar o diseñar elementos visuales",
            "Dibujar, pintar o crear imágenes",
            "Dibujar o pintar",
        ),
        "A2": (
            "Escribir textos, artículos o historias",
            "Escribir textos o historias",
            "Inventar y escribir historias",
        ),
        "A3": (
            "Tocar música, cantar o actuar",
            "Hacer música, cantar o hacer teatro",
            "Hacer música o teatro",
        ),
        "A4": (
            "Decorar o acondicionar un lugar, o crear ropa",
            "Decorar una habitación o crear ropa",
            "Decorar tu habitación o crear ropa",
        ),
        "A5": (
            "Fotografiar, filmar o editar vídeos",
            "Hacer fotos, filmar o editar vídeos",
            "Hacer fotos o vídeos cortos",
        ),
        "S1": (
            "Explicar algo a alguien hasta que lo entienda",
            "Explicar una lección a alguien que no la ha entendido",
            "Ayudar a un amigo o una amiga a entender un ejercicio",
        ),
        "S2": (
            "Cuidar de personas enfermas, mayores o en dificultad",
            "Ocuparte de personas enfermas, mayores o en dificultad",
            "Ocuparte de personas que necesitan ayuda",
        ),
        "S3": (
            "Escuchar y aconsejar a personas que tienen un problema",
            "Escuchar y aconsejar a alguien que tiene un problema",
            "Escuchar a un amigo que tiene una preocupación",
        ),
        "S4": (
            "Animar un grupo de niños o de adultos",
            "Animar un grupo, por ejemplo en un club o un campamento",
            "Organizar juegos para los más pequeños",
        ),
        "S5": (
            "Recibir a personas y orientarlas",
            "Recibir a personas e informarlas",
            "Recibir y guiar a visitantes",
        ),
        "E1": (
            "Convencer a personas de adoptar una idea o de comprar un producto",
            "Convencer a los demás de tu idea",
            "Convencer a los demás de hacer lo que propones",
        ),
        "E2": (
            "Dirigir un equipo y tomar decisiones",
            "Dirigir un equipo y tomar decisiones",
            "Ser el jefe o la jefa del equipo en un juego",
        ),
        "E3": (
            "Crear y desarrollar tu propia empresa",
            "Montar un proyecto o crear tu propia empresa",
            "Montar un proyecto con otros, como una venta de pasteles",
        ),
        "E4": (
            "Negociar un precio, un contrato o un acuerdo",
            "Negociar un precio o un acuerdo",
            "Hablar para llegar a un acuerdo",
        ),
        "E5": (
            "Organizar un evento y asegurar su éxito",
            "Organizar una fiesta, un torneo o un evento",
            "Organizar una fiesta o una salida",
        ),
        "C1": (
            "Clasificar documentos y mantener los expedientes al día",
            "Clasificar y ordenar documentos",
            "Ordenar y clasificar tus cosas",
        ),
        "C2": (
            "Llevar las cuentas o un presupuesto",
            "Llevar un presupuesto o hacer cuentas",
            "Contar tu paga y hacer un presupuesto",
        ),
        "C3": (
            "Seguir procedimientos precisos y comprobar que todo es conforme",
            "Seguir reglas precisas y comprobar que todo está bien",
            "Seguir reglas precisas",
        ),
        "C4": (
            "Introducir y organizar información en una hoja de cálculo o una base de datos",
            "Organizar información en una tabla",
            "Hacer listas y tablas",
        ),
        "C5": (
            "Planificar un horario y seguir su avance",
            "Preparar un planning y cumplirlo",
            "Preparar tu horario de la semana",
        ),
    },
    "de": {
        "R1": (
            "Ein defektes Gerät oder eine Maschine reparieren",
            "Einen Roller, ein Fahrrad oder ein kaputtes Gerät reparieren",
            "Ein Fahrrad oder ein kaputtes Spielzeug reparieren",
        ),
        "R2": (
            "Im Freien, in der Natur oder auf einer Baustelle arbeiten",
            "Draußen, in der Natur oder auf einer Baustelle arbeiten",
            "Den Tag draußen in der Natur verbringen",
        ),
        "R3": (
            "Ein Fahrzeug fahren oder eine Maschine steuern",
            "Ein Fahrzeug fahren oder eine Maschine steuern",
            "Einen Traktor, ein Boot oder einen Kran fahren",
        ),
        "R4": (
            "Gegenstände mit Werkzeugen herstellen oder zusammenbauen",
            "Gegenstände mit Werkzeugen herstellen",
            "Dinge mit Werkzeugen bauen",
        ),
        "R5": (
            "Tiere pflegen oder sich um Pflanzen und Kulturen kümmern",
            "Sich um Tiere oder Pflanzen kümmern",
            "Sich um Tiere kümmern oder Pflanzen wachsen lassen",
        ),
        "I1": (
            "Experimente durchführen, um eine Hypothese zu prüfen",
            "Experimente machen, um eine Idee zu überprüfen",
            "Experimente machen, um zu sehen, was passiert",
        ),
        "I2": (
            "Daten oder Statistiken analysieren, um ein Phänomen zu verstehen",
            "Zahlen analysieren, um ein Phänomen zu verstehen",
            "Herausfinden, warum die Dinge so passieren, wie sie passieren",
        ),
        "I3": (
            "Verstehen, wie der menschliche Körper oder Lebewesen funktionieren",
            "Verstehen, wie der menschliche Körper und Lebewesen funktionieren",
            "Entdecken, wie der menschliche Körper funktioniert",
        ),
        "I4": (
            "Ein schwieriges Mathematik- oder Logikproblem lösen",
            "Mathe- oder Logikaufgaben lösen",
            "Rätsel und Knobelaufgaben lösen",
        ),
        "I5": (
            "Sich über wissenschaftliche und technische Entdeckungen auf dem Laufenden halten",
            "Über Wissenschaft, den Weltraum oder neue Technologien lesen",
            "Sendungen über Wissenschaft oder den Weltraum anschauen",
        ),
        "A1": (
            "Zeichnen, malen oder Grafiken gestalten",
            "Zeichnen, malen oder Bilder gestalten",
            "Zeichnen oder malen",
        ),
        "A2": (
            "Texte, Artikel oder Geschichten schreiben",
            "Texte oder Geschichten schreiben",
            "Geschichten erfinden und aufschreiben",
        ),
        "A3": (
            "Musik spielen, singen oder schauspielern",
            "Musik machen, singen oder Theater spielen",
            "Musik machen oder Theater spielen",
        ),
        "A4": (
            "Einen Ort dekorieren oder einrichten, oder Kleidung entwerfen",
            "Ein Zimmer dekorieren oder Kleidung entwerfen",
            "Dein Zimmer dekorieren oder Kleidung gestalten",
        ),
        "A5": (
            "Fotografieren, filmen oder Videos schneiden",
            "Fotos machen, filmen oder Videos schneiden",
            "Fotos oder kurze Videos machen",
        ),
        "S1": (
            "Jemandem etwas erklären, bis er es verstanden hat",
            "Jemandem den Unterrichtsstoff erklären, der ihn nicht verstanden hat",
            "Einem Freund oder einer Freundin helfen, eine Aufgabe zu verstehen",
        ),
        "S2": (
            "Kranke, ältere oder hilfsbedürftige Menschen pflegen",
            "Sich um kranke, ältere oder hilfsbedürftige Menschen kümmern",
            "Sich um Menschen kümmern, die Hilfe brauchen",
        ),
        "S3": (
            "Menschen mit einem Problem zuhören und sie beraten",
            "Jemandem mit einem Problem zuhören und ihn beraten",
            "Einem Freund zuhören, der Sorgen hat",
        ),
        "S4": (
            "Eine Gruppe von Kindern oder Erwachsenen anleiten",
            "Eine Gruppe anleiten, zum Beispiel in einem Verein oder einem Ferienlager",
            "Spiele für Jüngere organisieren",
        ),
        "S5": (
            "Menschen empfangen und ihnen den Weg weisen",
            "Menschen empfangen und ihnen Auskunft geben",
            "Besucher empfangen und führen",
        ),
        "E1": (
            "Menschen von einer Idee oder einem Produkt überzeugen",
            "Andere von deiner Idee überzeugen",
            "Andere überzeugen, das zu tun, was du vorschlägst",
        ),
        "E2": (
            "Ein Team leiten und Entscheidungen treffen",
            "Ein Team leiten und Entscheidungen treffen",
            "Bei einem Spiel der Teamchef oder die Teamchefin sein",
        ),
        "E3": (
            "Ein eigenes Unternehmen gründen und aufbauen",
            "Ein Projekt starten oder dein eigenes Unternehmen gründen",
            "Mit anderen ein Projekt starten, zum Beispiel einen Kuchenverkauf",
        ),
        "E4": (
            "Einen Preis, einen Vertrag oder eine Vereinbarung aushandeln",
            "Einen Preis oder eine Vereinbarung aushandeln",
            "Miteinander reden, um sich zu einigen",
        ),
        "E5": (
            "Eine Veranstaltung organisieren und für ihren Erfolg sorgen",
            "Eine Party, ein Turnier oder eine Veranstaltung organisieren",
            "Eine Party oder einen Ausflug organisieren",
        ),
        "C1": (
            "Dokumente ablegen und Akten auf dem neuesten Stand halten",
            "Dokumente sortieren und ablegen",
            "Deine Sachen aufräumen und sortieren",
        ),
        "C2": (
            "Die Buchhaltung oder ein Budget führen",
            "Ein Budget führen oder abrechnen",
            "Dein Taschengeld zählen und ein Budget machen",
        ),
        "C3": (
            "Genaue Abläufe befolgen und prüfen, dass alles den Vorgaben entspricht",
            "Genaue Regeln befolgen und prüfen, dass alles stimmt",
            "Genaue Regeln befolgen",
        ),
        "C4": (
            "Informationen in eine Tabellenkalkulation oder Datenbank eingeben und ordnen",
            "Informationen in einer Tabelle ordnen",
            "Listen und Tabellen machen",
        ),
        "C5": (
            "Einen Zeitplan aufstellen und den Fortschritt verfolgen",
            "Einen Plan machen und ihn einhalten",
            "Deinen Stundenplan für die Woche vorbereiten",
        ),
    },
    "it": {
        "R1": (
            "Riparare un apparecchio o una macchina guasta",
            "Riparare uno scooter, una bici o un apparecchio guasto",
            "Aggiustare una bici o un giocattolo rotto",
        ),
        "R2": (
            "Lavorare all'aperto, nella natura o in un cantiere",
            "Lavorare fuori, nella natura o in un cantiere",
            "Passare la giornata fuori, nella natura",
        ),
        "R3": (
            "Guidare un veicolo o manovrare una macchina operatrice",
            "Guidare un veicolo o manovrare una macchina operatrice",
            "Guidare un trattore, una barca o una gru",
        ),
        "R4": (
            "Fabbricare o assemblare oggetti con degli attrezzi",
            "Fabbricare oggetti con degli attrezzi",
            "Costruire oggetti con degli attrezzi",
        ),
        "R5": (
            "Curare animali o occuparsi di piante e coltivazioni",
            "Occuparti di animali o di piante",
            "Occuparti di animali o far crescere piante",
        ),
        "I1": (
            "Condurre esperimenti per verificare un'ipotesi",
            "Fare esperimenti per verificare un'idea",
            "Fare esperimenti per vedere cosa succede",
        ),
        "I2": (
            "Analizzare dati o statistiche per capire un fenomeno",
            "Analizzare numeri per capire un fenomeno",
            "Cercare di capire perché le cose succedono così",
        ),
        "I3": (
            "Capire il funzionamento del corpo umano o degli esseri viventi",
            "Capire come funzionano il corpo umano e gli esseri viventi",
            "Scoprire come funziona il corpo umano",
        ),
        "I4": (
            "Risolvere un problema complesso di matematica o di logica",
            "Risolvere problemi di matematica o di logica",
            "Risolvere indovinelli e rompicapi",
        ),
        "I5": (
            "Tenersi aggiornati sulle scoperte scientifiche e tecniche",
            "Leggere di scienza, di spazio o di nuove tecnologie",
            "Guardare programmi sulla scienza o sullo spazio",
        ),
        "A1": (
            "Disegnare, dipingere o progettare elementi grafici",
            "Disegnare, dipingere o creare immagini",
            "Disegnare o dipingere",
        ),
        "A2": (
            "Scrivere testi, articoli o storie",
            "Scrivere testi o storie",
            "Inventare e scrivere storie",
        ),
        "A3": (
            "Suonare, cantare o recitare",
            "Fare musica, cantare o fare teatro",
            "Fare musica o teatro",
        ),
        "A4": (
            "Decorare o allestire un luogo, o creare abiti",
            "Decorare una stanza o creare vestiti",
            "Decorare la tua camera o creare vestiti",
        ),
        "A5": (
            "Fotografare, filmare o montare video",
            "Fare foto, filmare o montare video",
            "Fare foto o piccoli video",
        ),
        "S1": (
            "Spiegare qualcosa a qualcuno finché non l'ha capita",
            "Spiegare una lezione a qualcuno che non l'ha capita",
            "Aiutare un amico o un'amica a capire un esercizio",
        ),
        "S2": (
            "Prendersi cura di persone malate, anziane o in difficoltà",
            "Occuparti di persone malate, anziane o in difficoltà",
            "Occuparti di persone che hanno bisogno di aiuto",
        ),
        "S3": (
            "Ascoltare e consigliare persone che hanno un problema",
            "Ascoltare e consigliare qualcuno che ha un problema",
            "Ascoltare un amico che ha una preoccupazione",
        ),
        "S4": (
            "Animare un gruppo di bambini o di adulti",
            "Animare un gruppo, per esempio in un club o in un campo estivo",
            "Organizzare giochi per i più piccoli",
        ),
        "S5": (
            "Accogliere le persone e orientarle",
            "Accogliere le persone e dare loro informazioni",
            "Accogliere e guidare i visitatori",
        ),
        "E1": (
            "Convincere le persone ad adottare un'idea o ad acquistare un prodotto",
            "Convincere gli altri della tua idea",
            "Convincere gli altri a fare come proponi tu",
        ),
        "E2": (
            "Dirigere una squadra e prendere decisioni",
            "Dirigere una squadra e prendere decisioni",
            "Essere il capo o la capa della squadra in un gioco",
        ),
        "E3": (
            "Creare e sviluppare una propria impresa",
            "Avviare un progetto o creare la tua impresa",
            "Avviare un progetto con altri, come una vendita di torte",
        ),
        "E4": (
            "Negoziare un prezzo, un contratto o un accordo",
            "Negoziare un prezzo o un accordo",
            "Discutere per trovare un accordo",
        ),
        "E5": (
            "Organizzare un evento e assicurarne il successo",
            "Organizzare una festa, un torneo o un evento",
            "Organizzare una festa o una gita",
        ),
        "C1": (
            "Archiviare documenti e tenere aggiornate le pratiche",
            "Classificare e riordinare documenti",
            "Riordinare e classificare le tue cose",
        ),
        "C2": (
            "Tenere la contabilità o un bilancio",
            "Gestire un budget o fare i conti",
            "Contare la tua paghetta e fare un budget",
        ),
        "C3": (
            "Seguire procedure precise e verificare che tutto sia conforme",
            "Seguire regole precise e verificare che tutto sia giusto",
            "Seguire regole precise",
        ),
        "C4": (
            "Inserire e organizzare informazioni in un foglio di calcolo o in un database",
            "Organizzare informazioni in una tabella",
            "Fare elenchi e tabelle",
        ),
        "C5": (
            "Pianificare un calendario e seguirne l'avanzamento",
            "Preparare un programma e rispettarlo",
            "Preparare il tuo orario della settimana",
        ),
    },
}

NOMS_RIASEC: Mapping[str, Mapping[str, str]] = {
    "en": {
        "R": "Realistic",
        "I": "Investigative",
        "A": "Artistic",
        "S": "Social",
        "E": "Enterprising",
        "C": "Conventional",
    },
    "es": {
        "R": "Realista",
        "I": "Investigador",
        "A": "Artístico",
        "S": "Social",
        "E": "Emprendedor",
        "C": "Convencional",
    },
    "de": {
        "R": "Praktisch-technisch",
        "I": "Intellektuell-forschend",
        "A": "Künstlerisch-kreativ",
        "S": "Sozial",
        "E": "Unternehmerisch",
        "C": "Konventionell",
    },
    "it": {
        "R": "Realistico",
        "I": "Investigativo",
        "A": "Artistico",
        "S": "Sociale",
        "E": "Intraprendente",
        "C": "Convenzionale",
    },
}

# The reasons of a result: {noms} the liked dominant types ("X (R) and Y (I)"), {nom} a
# centre d'intérêt (French ROME label); "et" joins two types.
RAISONS: Mapping[str, Mapping[str, str]] = {
    "fr": {
        "riasec_1": "Vous aimez les activités de type {noms}, dominante de ce métier.",
        "riasec_2": "Vous aimez les activités de type {noms}, dominantes de ce métier.",
        "centre": "Ce métier correspond à votre centre d'intérêt « {nom} ».",
        "et": "et",
    },
    "en": {
        "riasec_1": "You like {noms} activities, the main type of this occupation.",
        "riasec_2": "You like {noms} activities, the main types of this occupation.",
        "centre": "This occupation matches your interest “{nom}”.",
        "et": "and",
    },
    "es": {
        "riasec_1": "Te gustan las actividades de tipo {noms}, dominante en este oficio.",
        "riasec_2": "Te gustan las actividades de tipo {noms}, dominantes en este oficio.",
        "centre": "Este oficio corresponde a tu centro de interés «{nom}».",
        "et": "y",
    },
    "de": {
        "riasec_1": "Du magst Tätigkeiten vom Typ {noms}, der in diesem Beruf vorherrscht.",
        "riasec_2": "Du magst Tätigkeiten vom Typ {noms}, die in diesem Beruf vorherrschen.",
        "centre": "Dieser Beruf passt zu deinem Interessengebiet „{nom}“.",
        "et": "und",
    },
    "it": {
        "riasec_1": "Ti piacciono le attività di tipo {noms}, dominante in questo mestiere.",
        "riasec_2": "Ti piacciono le attività di tipo {noms}, dominanti in questo mestiere.",
        "centre": "Questo mestiere corrisponde al tuo centro di interesse «{nom}».",
        "et": "e",
    },
}
