"""Django's PostgreSQL backend with bulk inserts as multi-row VALUES (settings use it for every
PostgreSQL database).

Django 5.2 sends a `bulk_create` of literal values as `INSERT … SELECT * FROM UNNEST(arrays)`,
to save PostgreSQL planning time on very large inserts. With psycopg's client-side binding the
arrays are dumped to text value by value, and that costs more than it saves at every size we
write: 20 audit entries took 6.3 ms of CPU that way against 3.2 ms as VALUES, 2,000 took 530 ms
against 273 ms (wall 653 against 409 ms; measured here on PostgreSQL 15). So inserts go back to
Django's generic VALUES form.

Plain values skip Django's value-by-value placeholder assembly (compiler.py), and the backend
also lets psycopg keep the parsed placeholders of statements up to 64 KB (base.py):
a 20-row insert was parsed again on every execute, ≈ 2 ms of CPU each time.
"""
