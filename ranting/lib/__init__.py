"""Small pure helpers with no Django dependency (NIK parsing, …)."""
