"""Demo people: the three named test customers, and generated ones with
checksum-valid identity numbers, Swedish names and addresses in the demo
municipalities' areas (customers.demo_volumes)."""

from datetime import date, timedelta

from stdnum import luhn

from customers.models import Customer
from kundval.models import Area

# Test numbers in the tax agency's style; 19121212-1212 is the classic one.
CUSTOMERS = [
    ("19121212-1212", "Tolvan Tolvansson", "boo"),
    ("19350412-3286", "Greta Lindqvist", "saltsjobaden"),
    ("19410923-4460", "Karl Åberg", "fisksatra"),
]
PROTECTED = 0.01
FEMALE = (
    "Anna", "Birgitta", "Margareta", "Kerstin", "Ingrid", "Elisabeth", "Karin",
    "Marianne", "Gunilla", "Ulla", "Inger", "Britt", "Sonja", "Astrid", "Elsa",
    "Barbro", "Solveig", "Siv", "Aino", "Gunnel",
)  # fmt: skip
MALE = (
    "Lars", "Karl", "Erik", "Per", "Bengt", "Sven", "Nils", "Gösta", "Rolf", "Bo",
    "Hans", "Åke", "Göran", "Lennart", "Stig", "Olof", "Kjell", "Arne", "Bertil",
    "Pentti",
)  # fmt: skip
LAST = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson",
    "Olsson", "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson",
    "Lindberg", "Lindström", "Lindqvist", "Berg", "Holm", "Sandberg", "Engström",
    "Ekström", "Lundgren", "Forsberg", "Sjöberg", "Wallin", "Björk", "Nyström",
    "Åkesson", "Virtanen", "Korhonen", "Hassan",
)  # fmt: skip
STREETS = (
    "Storgatan", "Skolvägen", "Kyrkvägen", "Björkvägen", "Ekvägen", "Tallstigen",
    "Sjövägen", "Parkvägen", "Ängsvägen", "Bergsgatan",
)  # fmt: skip
# area slug → (postal code but its last digit, post town)
POST = {
    "sickla": ("1314", "Nacka"), "boo": ("1323", "Saltsjö-Boo"),
    "fisksatra": ("1334", "Saltsjöbaden"), "saltsjobaden": ("1333", "Saltsjöbaden"),
    "alta": ("1383", "Älta"), "trosa": ("6193", "Trosa"),
    "vagnharad": ("6197", "Vagnhärad"), "vasterljung": ("6199", "Västerljung"),
}  # fmt: skip
BORN_FROM, BORN_DAYS = date(1925, 1, 1), (date(1956, 1, 1) - date(1925, 1, 1)).days


def people_generate(rng, count: int) -> list[tuple[str, str]]:
    """Identity numbers and names of people born 1925 to 1955: checksum-valid,
    unique, the birth number's last digit odd for men and even for women."""
    taken = {number.replace("-", "") for number, _name, _area in CUSTOMERS}
    people = []
    while len(people) < count:
        female = rng.random() < 0.62  # most home-care customers are women
        born = BORN_FROM + timedelta(days=rng.randrange(BORN_DAYS))
        birth_number = rng.randrange(1, 100) * 10 + rng.randrange(
            0 if female else 1, 10, 2
        )
        nine = f"{born:%y%m%d}{birth_number:03d}"
        number = f"{born:%Y%m%d}{birth_number:03d}{luhn.calc_check_digit(nine)}"
        if number not in taken:
            taken.add(number)
            first = rng.choice(FEMALE if female else MALE)
            people.append((number, f"{first} {rng.choice(LAST)}"))
    return people


def customer_build(rng, area: Area, number: str, name: str) -> Customer:
    code, town = POST.get(area.slug, ("", ""))
    return Customer(
        municipality_id=area.municipality_id,
        identity_number=number,
        name=name,
        area=area,
        street_address=f"{rng.choice(STREETS)} {rng.randint(1, 60)}" if code else "",
        postal_code=f"{code}{rng.randint(0, 9)}" if code else "",
        city=town,
        protected_identity=rng.random() < PROTECTED,
    )
