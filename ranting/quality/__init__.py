"""Data quality of the monthly reports (Aksi 6): completeness, timeliness, validity, reliability."""
