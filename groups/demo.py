"""Demo local groups: fifty groups in real communes of Brussels and Wallonia, each with a
leader, a treasurer and a few members. leader@example.org (accounts' demo) leads Namur.

Runs after the coordinations' demo. Idempotent: groups are keyed by slug, people by e-mail,
memberships by (group, person).
"""

import datetime
from importlib import import_module

from allauth.account.models import EmailAddress

from accounts.demo import demo_user
from accounts.models import User
from groups.models import LocalGroup, Membership, Place

# (slug, name, postal code, commune as in the places table, founding year)
GROUPS = [
    ("bruxelles-centre", "Groupe de Bruxelles-Centre", "1000", "Bruxelles", 1972),
    ("ixelles", "Groupe d’Ixelles", "1050", "Ixelles", 1976),
    ("schaerbeek", "Groupe de Schaerbeek", "1030", "Schaerbeek", 1984),
    ("uccle", "Groupe d’Uccle", "1180", "Uccle", 1975),
    ("woluwe", "Groupe des Woluwe", "1200", "Woluwe-Saint-Lambert", 1981),
    ("forest", "Groupe de Forest", "1190", "Forest", 1993),
    ("anderlecht", "Groupe d’Anderlecht", "1070", "Anderlecht", 2004),
    ("saint-gilles", "Groupe de Saint-Gilles", "1060", "Saint-Gilles", 2011),
    ("wavre", "Groupe de Wavre", "1300", "Wavre", 1979),
    ("louvain-la-neuve", "Groupe de Louvain-la-Neuve", "1348", "Ottignies-Louvain-la-Neuve", 1974),
    ("nivelles", "Groupe de Nivelles", "1400", "Nivelles", 1980),
    ("waterloo", "Groupe de Waterloo", "1410", "Waterloo", 1987),
    ("braine-l-alleud", "Groupe de Braine-l’Alleud", "1420", "Braine-l’Alleud", 1991),
    ("jodoigne", "Groupe de Jodoigne", "1370", "Jodoigne", 2002),
    ("rixensart", "Groupe de Rixensart", "1330", "Rixensart", 1996),
    ("mons", "Groupe de Mons", "7000", "Mons", 1973),
    ("charleroi", "Groupe de Charleroi", "6000", "Charleroi", 1971),
    ("tournai", "Groupe de Tournai", "7500", "Tournai", 1977),
    ("la-louviere", "Groupe de La Louvière", "7100", "La Louvière", 1983),
    ("mouscron", "Groupe de Mouscron", "7700", "Mouscron", 1990),
    ("ath", "Groupe d’Ath", "7800", "Ath", 1995),
    ("binche", "Groupe de Binche", "7130", "Binche", 2008),
    ("soignies", "Groupe de Soignies", "7060", "Soignies", 1999),
    ("enghien", "Groupe d’Enghien", "7850", "Enghien", 2013),
    ("chimay", "Groupe de Chimay", "6460", "Chimay", 2006),
    ("thuin", "Groupe de Thuin", "6530", "Thuin", 2015),
    ("liege", "Groupe de Liège", "4000", "Liège", 1970),
    ("verviers", "Groupe de Verviers", "4800", "Verviers", 1978),
    ("huy", "Groupe de Huy", "4500", "Huy", 1986),
    ("spa", "Groupe de Spa", "4900", "Spa", 2001),
    ("seraing", "Groupe de Seraing", "4100", "Seraing", 1992),
    ("herstal", "Groupe de Herstal", "4040", "Herstal", 2010),
    ("waremme", "Groupe de Waremme", "4300", "Waremme", 1998),
    ("malmedy", "Groupe de Malmedy", "4960", "Malmedy", 2005),
    ("esneux", "Groupe d’Esneux-Tilff", "4130", "Esneux", 1989),
    ("vise", "Groupe de Visé", "4600", "Visé", 2017),
    ("arlon", "Groupe d’Arlon", "6700", "Arlon", 1982),
    ("marche-en-famenne", "Groupe de Marche-en-Famenne", "6900", "Marche-en-Famenne", 1994),
    ("bastogne", "Groupe de Bastogne", "6600", "Bastogne", 2003),
    ("virton", "Groupe de Virton", "6760", "Virton", 1997),
    ("libramont", "Groupe de Libramont", "6800", "Libramont-Chevigny", 2009),
    ("bouillon", "Groupe de Bouillon", "6830", "Bouillon", 2019),
    ("namur", "Groupe de Namur", "5000", "Namur", 1971),
    ("dinant", "Groupe de Dinant", "5500", "Dinant", 1985),
    ("gembloux", "Groupe de Gembloux", "5030", "Gembloux", 1988),
    ("ciney", "Groupe de Ciney", "5590", "Ciney", 2000),
    ("philippeville", "Groupe de Philippeville", "5600", "Philippeville", 2012),
    ("andenne", "Groupe d’Andenne", "5300", "Andenne", 2007),
    ("couvin", "Groupe de Couvin", "5660", "Couvin", 2014),
    ("jambes", "Groupe de Jambes", "5100", "Namur", 2016),
]

OPENINGS = [
    "Nous sommes une dizaine de bénévoles de tous âges qui se retrouvent chaque mois pour "
    "agir ensemble en faveur des droits humains.",
    "Le groupe rassemble des habitants de la commune et des environs, étudiants, "
    "travailleurs et retraités, autour d’un même engagement.",
    "Petit groupe convivial, nous préparons nos actions autour d’un café et partageons le "
    "travail selon les disponibilités de chacun.",
    "Notre groupe existe depuis longtemps et accueille volontiers de nouvelles têtes\u00a0: "
    "aucune expérience n’est demandée, seulement l’envie de s’impliquer.",
    "Nous formons une équipe soudée qui mêle militants de la première heure et nouveaux "
    "venus, toujours prête à mener une action de rue.",
]
ACTIVITIES = [
    "Chaque année, nous tenons des stands sur le marché, vendons bougies et vignettes autour "
    "du 10 décembre et organisons une soirée d’écriture de lettres.",
    "Nous animons des rencontres dans les écoles secondaires de la région et proposons une "
    "projection-débat chaque automne au centre culturel.",
    "Nous faisons signer des pétitions lors des fêtes locales, rencontrons les élus "
    "communaux et organisons un quiz solidaire au printemps.",
    "Nous suivons de près la situation de personnes en danger, leur écrivons et faisons "
    "connaître leur histoire lors de nos actions publiques.",
    "Nous préparons chaque année un marché aux livres et un concert au profit de "
    "l’organisation, et tenons un stand lors de la Journée mondiale des réfugiés.",
    "Nous participons au Nouvel An militant et à l’Université d’été, et relayons dans la "
    "commune les grandes campagnes du mouvement.",
]
RHYTHMS = [
    "Le premier lundi du mois, à 20 h",
    "Le deuxième mardi du mois, à 19 h 30",
    "Le troisième mercredi du mois, à 20 h",
    "Le dernier jeudi du mois, à 19 h",
    "Le deuxième samedi du mois, à 10 h",
    "Le premier jeudi du mois, à 18 h 30",
]
VENUES = [
    "Centre culturel, salle de réunion du premier étage",
    "Maison des associations, salle 2",
    "Bibliothèque communale, espace de rencontre",
    "Salle paroissiale, entrée par la cour",
    "Maison de quartier, petite salle",
]
INDIVIDUALS = [
    "Une journaliste emprisonnée pour avoir enquêté sur la corruption\u202f; un syndicaliste "
    "menacé après une grève.",
    "Un défenseur des droits des peuples autochtones, harcelé par les autorités locales.",
    "Une avocate poursuivie pour avoir défendu des manifestants pacifiques.",
    "Un étudiant condamné à mort à l’issue d’un procès inéquitable.",
    "Une militante écologiste détenue sans jugement depuis plus d’un an.",
]
THEMES = [
    "Peine de mort, liberté d’expression",
    "Réfugiés et migrants",
    "Droits des femmes, violences sexuelles",
    "Défenseurs des droits humains",
    "Discriminations, droits des personnes LGBTI",
    "Contrôle des armes, justice internationale",
]
COUNTRIES = [["MX"], ["CD", "RW", "BI"], ["US"], ["IR"], ["CN"], ["CO", "HN"], ["SA"], []]

FIRST_NAMES = [
    "Marie",
    "Thomas",
    "Julie",
    "Nicolas",
    "Sarah",
    "Antoine",
    "Laura",
    "Maxime",
    "Camille",
    "Pierre",
    "Élise",
    "Mehdi",
    "Chloé",
    "François",
    "Aurélie",
    "Youssef",
    "Manon",
    "Olivier",
    "Charlotte",
    "Benoît",
    "Amina",
    "Quentin",
    "Hélène",
    "Simon",
    "Nathalie",
    "Arnaud",
    "Pauline",
    "Jérôme",
    "Inès",
    "Philippe",
    "Valérie",
    "Samuel",
    "Fatima",
    "Grégory",
    "Anne",
    "Bruno",
    "Léa",
    "Didier",
    "Sophie",
    "Kevin",
    "Martine",
    "Adrien",
    "Isabelle",
    "Cédric",
    "Noémie",
    "Patrick",
    "Émilie",
    "Rachid",
    "Caroline",
    "Vincent",
]
LAST_NAMES = [
    "Dubois",
    "Lambert",
    "Martin",
    "Dupont",
    "Leclercq",
    "Janssens",
    "Mertens",
    "Lejeune",
    "Renard",
    "Collard",
    "Denis",
    "Wauters",
    "Simon",
    "Lemaire",
    "François",
    "Hubert",
    "Gilson",
    "Dumont",
    "Laurent",
    "Michel",
    "Henry",
    "Jacobs",
    "Goffin",
    "Charlier",
    "Maes",
    "Thiry",
    "Pirard",
    "Noël",
    "Bodart",
    "Delvaux",
    "Lefèbvre",
    "Halleux",
    "Masson",
    "Piron",
    "Claes",
    "Dethier",
    "Fontaine",
    "Remacle",
    "Bastin",
    "Hennebert",
    "El Amrani",
    "Bertrand",
    "Delhaye",
    "Gérard",
    "Mathieu",
    "Bauduin",
    "Moreau",
    "Rousseau",
    "Jacquet",
    "Close",
]
MEMBERS_PER_GROUP = 3  # besides the leader and the treasurer


def _person(index: int) -> tuple[str, str]:
    """A first and a last name, spread so that the same pair rarely comes twice."""
    first = FIRST_NAMES[(index * 7) % len(FIRST_NAMES)]
    last = LAST_NAMES[(index * 11 + index // len(LAST_NAMES) * 13 + 3) % len(LAST_NAMES)]
    return first, last


def _description(index: int) -> str:
    return f"{OPENINGS[index % len(OPENINGS)]} {ACTIVITIES[(index * 5) % len(ACTIVITIES)]}"


def _team_member(email, first_name, last_name, postal_code, password_hash) -> User:
    """A treasurer or member: like accounts.demo.demo_user (verified address, the demo password),
    but with the password hash of a leader created by demo_user. Hashing two hundred passwords
    would make the demo take minutes; the demo password works the same for everyone."""
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "postal_code": postal_code,
            "is_staff": False,
            "is_active": True,
            "password": password_hash,
        },
    )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def load(out) -> None:
    if not Place.objects.exists():
        # The data migration loads the places; a database emptied since (a test's flush, a
        # restore without them) gets them again from the same file.
        from django.apps import apps

        import_module("groups.migrations.0002_load_places").load_places(apps, None)
    people = 0
    for index, (slug, name, postal_code, commune, founded) in enumerate(GROUPS):
        place = Place.objects.get(postal_code=postal_code, municipality_fr=commune)
        locality = place.locality_list[0] if place.locality_list else place.municipality_fr
        group, _created = LocalGroup.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "place": place,
                "coordinates_from_place": True,
                "description": _description(index),
                "meeting_rhythm": RHYTHMS[index % len(RHYTHMS)],
                "meeting_address": f"{VENUES[index % len(VENUES)]}\n{postal_code} {locality}",
                "individuals_at_risk": INDIVIDUALS[index % len(INDIVIDUALS)],
                "themes": THEMES[(index * 3) % len(THEMES)],
                "countries": COUNTRIES[index % len(COUNTRIES)],
                "founded_in": founded,
                "is_active": True,
            },
        )
        if slug == "namur":
            leader = demo_user("leader@example.org", "Claire", "Dumont", "5000")
        else:
            first, last = _person(index * 5)
            leader = demo_user(f"responsable.{slug}@example.org", first, last, postal_code)
        first, last = _person(index * 5 + 1)
        treasurer = _team_member(
            f"tresorerie.{slug}@example.org", first, last, postal_code, leader.password
        )
        team = [(leader, Membership.Role.LEADER), (treasurer, Membership.Role.TREASURER)]
        for number in range(1, MEMBERS_PER_GROUP + 1):
            first, last = _person(index * 5 + 1 + number)
            member = _team_member(
                f"membre{number}.{slug}@example.org", first, last, postal_code, leader.password
            )
            team.append((member, Membership.Role.MEMBER))
        # Someone else may hold a role from an earlier run or an edit: free it first.
        for person, role in team[:2]:
            Membership.objects.filter(group=group, role=role).exclude(volunteer=person).update(
                role=Membership.Role.MEMBER
            )
        for offset, (person, role) in enumerate(team):
            Membership.objects.update_or_create(
                group=group,
                volunteer=person,
                defaults={
                    "role": role,
                    "since": datetime.date(max(founded, 2015) + offset % 5, 9, 1),
                },
            )
        people += len(team)
    out.write(f"  groups: {len(GROUPS)} local groups, {people} memberships")
