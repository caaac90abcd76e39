"""Who views and downloads which report, for the data team (Aksi 6)."""
