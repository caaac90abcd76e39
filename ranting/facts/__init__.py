"""Pre-aggregated monthly facts per posyandu behind the city dashboard."""
