"""Package data of the growth engine (CSV tables); a package so that wheels include the files."""
