"""Organisations: who issues, contributes and reads, named by slug, with their DID and identifier prefixes."""

from passport.organisations.models import OrganisationCreate, OrganisationPublic, OrganisationUpdate
from passport.organisations.prefixes import check_issuer_prefix
from passport.organisations.service import (
    create_organisation,
    get_organisation,
    list_organisations,
    public_view,
    update_organisation,
)

__all__ = [
    "OrganisationCreate",
    "OrganisationPublic",
    "OrganisationUpdate",
    "check_issuer_prefix",
    "create_organisation",
    "get_organisation",
    "list_organisations",
    "public_view",
    "update_organisation",
]
