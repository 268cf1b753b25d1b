import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from accounts.models import User

PASSWORD = "correct-horse-battery"
# The authenticator app secret (base32) of staff in tests: a test computes its codes with
# tests.mfa.totp_code.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


FIRST_NAMES = (
    "Wendelin", "Quirine", "Gwendal", "Anselme", "Rosalinde", "Evrard", "Mathurine", "Ghislain",
    "Aldegonde", "Sigebert", "Ermeline", "Baudouin", "Gertrude", "Isembard", "Radegonde",
    "Clotaire", "Hildegarde", "Gondebaud", "Berthilde", "Ragnacaire",
)  # fmt: skip
LAST_NAMES = (
    "Vanderzwalm", "Quackelbeen", "Ghysbrecht", "Dethioux", "Rombouts", "Vercauteren",
    "Spelmans", "Hoebeke", "Wyckmans", "Bockstael", "Verhaeghe", "Delvigne", "Timmermans",
    "Schoonbroodt", "Fraikin", "Opdebeeck", "Kinnaer", "Ruelens", "Goffinet", "Hennebert",
)  # fmt: skip


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    # Names no test writes, none within another: a random "Michel" or "Sophie" once matched a
    # cast member's name that a test looked for (or for its absence) on a page.
    first_name = factory.Sequence(lambda n: FIRST_NAMES[n % len(FIRST_NAMES)])
    last_name = factory.Sequence(lambda n: LAST_NAMES[n // len(FIRST_NAMES) % len(LAST_NAMES)])
    postal_code = "5000"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        # People in tests have confirmed their address unless a test says otherwise.
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    @factory.post_generation
    def second_factor(obj, create, extracted, **kwargs):
        # Staff cannot work without a second factor: they have an authenticator app unless a
        # test says otherwise (second_factor=False). Anybody else only when asked (True).
        wanted = extracted if extracted is not None else (obj.is_staff or obj.is_superuser)
        if create and wanted:
            Authenticator.objects.create(
                user=obj, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
            )


class StaffFactory(UserFactory):
    is_staff = True
    # The secretariat's digests are part of the job (accounts migration 0007 keeps them on);
    # everybody else receives them only after opting in.
    receives_digests = True
