"""The national cluster (docs/scaling.md, section 4): where each table lives in Citus
(`placement`) and the DDL that makes the schema distributable by `kota_code` (`citus`, run by
`manage.py citus_prepare`). An app without models, for its command."""
