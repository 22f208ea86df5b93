"""The wish's status table is the one rule for withdrawing: the participant withdraws a wish in
exactly the statuses the table lets move to «withdrawn», and nothing else changes it."""

import pytest

from veivalg.placements import services
from veivalg.placements.models import ChangeWish
from veivalg.placements.states import OPEN_WISH, WISH_TRANSITIONS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", ChangeWish.Status.values)
def test_a_wish_is_withdrawn_only_where_the_table_allows_it(participant, status):
    wish = services.register_wish(
        person=participant, kind=ChangeWish.Kind.MORE, reason="Vil jobbe mer.", by_person=participant
    )
    ChangeWish.objects.filter(pk=wish.pk).update(status=status)
    wish.refresh_from_db()
    if ChangeWish.Status.WITHDRAWN in WISH_TRANSITIONS[status]:
        assert status in OPEN_WISH
        assert services.withdraw_wish(wish=wish, by=participant).status == ChangeWish.Status.WITHDRAWN
    else:
        with pytest.raises(services.NotAllowed):
            services.withdraw_wish(wish=wish, by=participant)
        wish.refresh_from_db()
        assert wish.status == status
