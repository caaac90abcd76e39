"""`ranting zscore INPUT.csv -o OUTPUT.csv`: WHO z-scores and PMK 2/2020 statuses for a CSV file.

Needs no database and no Django: the work is done by `ranting.growth.tabular`.
Exit codes: 0 success, 2 unusable input or output (the message says what to fix).
"""

from __future__ import annotations

import argparse
import sys

from tqdm import tqdm

from ranting.growth.tabular import (
    DEFAULT_CHUNK_ROWS,
    TabularInputError,
    TabularOutputError,
    convert_csv,
    read_layout,
)

HELP = "Compute WHO z-scores and PMK 2/2020 nutritional status for every row of a CSV file"

DESCRIPTION_EPILOG = """\
Input columns (WHO anthro names, case-insensitive): sex (1/L/M boy, 2/P/F girl) and age_days or
age_months are required; weight (kg), lenhei (cm), measure (l = lying, h = standing), oedema (y/n),
headc (cm), armc (cm), triskin (mm), subskin (mm) are optional. weight_kg, lenhei_cm, headc_cm,
armc_cm, triskin_mm and subskin_mm are accepted too. Comma, semicolon or tab delimited (sniffed);
with semicolons a decimal comma (12,5) is accepted and written back.

The output keeps every input column and adds clenhei, cmeasure, c9mo_flag, cbmi, z- and
flag columns (zlen/flen, zwei/fwei, zwfl/fwfl, zbmi/fbmi, zhc/fhc, zac/fac, zts/fts, zss/fss),
status_bbu, status_tbu, status_bbtb, status_imtu (Indonesian labels) with their *_code columns,
and reason (why values are blank). Bad values never stop the run.

Exit status: 0 on success, 2 when the input or output file cannot be used.
"""

EXIT_OK = 0
EXIT_USAGE = 2  # argparse's own exit status for bad usage


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments on its sub-parser."""
    parser.epilog = DESCRIPTION_EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("input", help="input CSV file")
    parser.add_argument("-o", "--output", required=True, help="output CSV file (overwritten)")
    parser.add_argument(
        "--chunk-size",
        type=_positive_int,
        default=DEFAULT_CHUNK_ROWS,
        help=f"rows processed at a time (default {DEFAULT_CHUNK_ROWS:,})",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar and no summary on stderr"
    )


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of rows above 0, got {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    """Convert `args.input` into `args.output`; 0 on success, 2 with a message on stderr."""
    try:
        layout = read_layout(args.input)
    except TabularInputError as err:
        return _fail(str(err))
    show_bar = not args.quiet and sys.stderr.isatty()
    with tqdm(
        total=layout.size_bytes,
        unit="B",
        unit_scale=True,
        desc="zscore",
        file=sys.stderr,
        disable=not show_bar,
    ) as bar:

        def progress(bytes_read: int, rows_done: int) -> None:
            bar.update(bytes_read - bar.n)
            bar.set_postfix(rows=f"{rows_done:,}", refresh=False)

        try:
            summary = convert_csv(
                args.input, args.output, chunk_rows=args.chunk_size, progress=progress
            )
        except (TabularInputError, TabularOutputError) as err:
            return _fail(str(err))
    if not args.quiet:
        sys.stderr.write(
            f"ranting zscore: {summary.rows:,} rows written to {args.output}; "
            f"{summary.rows_with_reason:,} with a note in the reason column\n"
        )
    return EXIT_OK


def _fail(message: str) -> int:
    sys.stderr.write(f"ranting zscore: error: {message}\n")
    return EXIT_USAGE
