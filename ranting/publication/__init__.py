"""Published prevalence: February/August rounds, frozen snapshots, public report and PDF (Aksi 7)."""
