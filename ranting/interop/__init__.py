"""FHIR R4 export of children and measurements (SatuSehat)."""
