"""Wagtail permission policy: model permissions from groups, plus the municipality rule."""

from __future__ import annotations

import rules
from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy

from .rules import editable_municipality_ids


class MunicipalityScopedPermissionPolicy(ModelPermissionPolicy):
    def __init__(self, model, scope_field: str):
        super().__init__(model)
        self.scope_field = scope_field

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return self.user_has_permission(user, action) and rules.test_rule(
            "directory.edit_in_municipality", user, instance
        )

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        allowed = editable_municipality_ids(user)
        queryset = self.model._default_manager.all()
        if allowed is None:
            return queryset
        return queryset.filter(Q(**{f"{self.scope_field}__in": allowed}))

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])
