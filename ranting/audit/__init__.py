"""Audit trail of children, measurements, users and recaps, per region."""
