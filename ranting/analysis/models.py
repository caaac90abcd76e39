"""No tables of its own: it reads the other apps."""
