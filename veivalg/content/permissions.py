"""Wagtail's page permissions with the municipality scope of `rules.can_edit_page`.

An editor's group permissions in Wagtail hold from the content root down, so by themselves they
let an editor of Bergen lock a Bærum page and read its drafts, history, revisions and compare
view. Two places put the scope under every admin view instead of a hook per view:

- `MunicipalityPagePermissionTester`, returned by `ContentPage.permissions_for_user`: on a page
  outside the user's municipalities every `can_*` answers no (edit, lock, unlock, publish,
  preview, revisions, history, move, copy, delete, …). Wagtail's views ask it before they show
  or change anything.
- `MunicipalityPagePermissionPolicy`, the policy for `Page`: what the policy answers for one
  page, and the pages it lists (reports such as locked pages, aging pages, workflows), leave
  out other municipalities' pages.

National pages (no owner) and superusers are as Wagtail has them.
"""

from __future__ import annotations

from wagtail.models import PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy

from .rules import can_edit_page, hide_other_municipalities


class MunicipalityPagePermissionTester(PagePermissionTester):
    """Wagtail's tester, refusing everything on a page of a municipality outside the scope."""

    def __init__(self, user, page) -> None:
        super().__init__(user, page)
        self.in_scope = can_edit_page(user, page)
        if not self.in_scope:
            self.permissions = set()


def _within_scope(name: str):
    wagtail_check = getattr(PagePermissionTester, name)

    def check(self, *args, **kwargs) -> bool:
        return self.in_scope and wagtail_check(self, *args, **kwargs)

    check.__name__ = check.__qualname__ = name
    check.__doc__ = wagtail_check.__doc__
    return check


# Every check Wagtail has, including any a later Wagtail adds, so none is forgotten. Workflow
# tasks can grant editing and locking without group permissions; this refuses those too.
for _name in [n for n in dir(PagePermissionTester) if n.startswith("can_")]:
    setattr(MunicipalityPagePermissionTester, _name, _within_scope(_name))


class MunicipalityPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, without the pages of municipalities outside the user's scope."""

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return can_edit_page(user, instance) and super().user_has_any_permission_for_instance(
            user, actions, instance
        )

    def instances_user_has_any_permission_for(self, user, actions):
        return hide_other_municipalities(user, super().instances_user_has_any_permission_for(user, actions))

    def explorable_instances(self, user):
        return hide_other_municipalities(user, super().explorable_instances(user))
