"""What the intake announces to other apps (they never listen to `post_save` of our models).

Each is sent by a service in `services/`, inside the action's transaction: a receiver's writes
are part of the same action and are rolled back with it. A receiver that may fail without
undoing the action (placements making a placement from «ja takk») runs its work in a savepoint
of its own and catches its errors.

- `decision_made(decision)`: a vedtak or tilsagn was made (`Decision`; its `outcome`, `offer`,
  `part` and `decided_at` say what, for what and when).
- `offer_answered(part, decision, accepted)`: the applicant answered a granted place;
  `accepted` is True for «ja takk», False for «nei takk»; `decision` is the granted one.
- `part_withdrawn(part, when)`: a case part was withdrawn (by the applicant, or recorded by staff
  on their word); `when` is the aware datetime of the history row.
"""

from django.dispatch import Signal

decision_made = Signal()
offer_answered = Signal()
part_withdrawn = Signal()
