"""Published prevalence (Aksi 7): February/August rounds, frozen snapshots, public page, PDF."""
