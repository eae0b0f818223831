"""Corroboration: which claims independent sources confirm, which rest on one, where they conflict."""

from newsweave.corroborate.align import Source, corroborate
from newsweave.corroborate.model import ClaimGroup, Conflict, SourcedClaim
from newsweave.corroborate.pairwise import compare_claims

__all__ = ["ClaimGroup", "Conflict", "Source", "SourcedClaim", "compare_claims", "corroborate"]
