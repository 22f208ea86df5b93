# The same cast as the accounts tests: a participant, a guardian, an outsider.
from veivalg.accounts.tests.conftest import *  # noqa: F403
