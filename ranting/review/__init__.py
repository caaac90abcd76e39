"""Annual review (Aksi 8): target vs realisation matrix per program and OPD."""
