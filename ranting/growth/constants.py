"""Named, unit-bearing constants of the WHO growth engine, each with its source.

"anthro" below means WHO's R package anthro 1.1.0 (github.com/WorldHealthOrganization/anthro,
now worldhealthorg/anthro), the implementation `ranting.growth.anthro_zscores` reproduces.
Every number the engine uses lives here, so `ranting/growth/*.py` carries no other numeric literal
than 0 and 1.
"""

from __future__ import annotations

# --- Age -----------------------------------------------------------------------------------------
# anthro R/anthro-package.R ANTHRO_DAYS_OF_MONTH: 365.25 / 12 days in an average month.
DAYS_PER_MONTH = 30.4375
# anthro R/utils.R round_up(): ages are rounded half up to whole days ("< .5 down, >= .5 up").
HALF_DAY = 0.5
# anthro R/z-score-helper.R anthro_zscore_adjusted(): "we only compute zscores for children
# age < 60 months" (unrounded age in months, i.e. age < 1826.25 days).
MAX_AGE_MONTHS_EXCLUSIVE = 60.0
MAX_AGE_DAYS_EXCLUSIVE = MAX_AGE_MONTHS_EXCLUSIVE * DAYS_PER_MONTH  # = 1826.25 days
# anthro allowed_age_range = c(0, 1856) for every age-based indicator (days, inclusive).
ANTHRO_MAX_AGE_DAYS = 1856
# anthro age_to_days() stores days with as.integer(); larger values become NA (R's INT_MAX).
R_MAX_INTEGER = 2_147_483_647

# --- Length / height -----------------------------------------------------------------------------
# anthro adjust_lenhei(): length is expected before 731 days, standing height from 731 days
# (WHO Child Growth Standards 2006, ch. 7: 24 months = 731 days).
LENGTH_TO_HEIGHT_AGE_DAYS = 731
# anthro adjust_lenhei(): +0.7 cm for standing height before 731 days, -0.7 cm for recumbent
# length from 731 days (WHO 2006 standards: mean difference between length and height).
LENHEI_CORRECTION_CM = 0.7
# anthro anthro_zscores(): a standing height before 9 months (unrounded age in months) is
# implausible: c9mo_flag = 1, measure set to NA, no correction.
MIN_STANDING_AGE_MONTHS = 9.0
# anthro anthro_zscore_weight_for_lenhei(): with age and measure both missing, lenhei < 87 cm is
# taken as recumbent length, >= 87 cm as standing height.
IMPUTE_HEIGHT_FROM_CM = 87.0
CM_PER_M = 100.0  # BMI = weight / (clenhei / 100)^2, anthro_zscores()

# --- Reference tables (WHO 2006 / 2007 standards as packaged in anthro R/sysdata.rda) ------------
# growthstandards_{wei,len,bmi,hc}anthro: ages 0..1826 days.
AGE_TABLE_FIRST_DAY = 0
AGE_TABLE_LAST_DAY = 1826
# growthstandards_{ac,ts,ss}anthro start at 91 days (3 months); anthro allowed_age_range
# c(91, 1856) for arm circumference and skinfolds.
ARM_SKINFOLD_FIRST_DAY = 91
# growthstandards_wflanthro: 45.0..110.0 cm recumbent length in 0.1 cm steps.
WFL_MIN_CM = 45.0
WFL_MAX_CM = 110.0
# growthstandards_wfhanthro: 65.0..120.0 cm standing height in 0.1 cm steps.
WFH_MIN_CM = 65.0
WFH_MAX_CM = 120.0
# wfl/wfh rows are 0.1 cm apart: anthro truncates lenhei * 10 and interpolates to the next row.
LENHEI_STEPS_PER_CM = 10.0
LENHEI_STEP_CM = 0.1
# Sex codes of the WHO tables and of anthro's cleaned `csex` (1 = male, 2 = female).
SEX_MALE = 1
SEX_FEMALE = 2
# Layout of ranting/growth/data/*anthro.csv (exported from anthro's R/sysdata.rda, see SOURCE.md):
# sex, index (age or length), L, M, S, optional loh/lorh; L, M, S are columns 2..4.
TABLE_CSV_COLUMNS = 5
TABLE_LMS_FIRST_COLUMN = 2

# --- Input codes ---------------------------------------------------------------------------------
# Internal int8 codes of the categorical inputs; 0 always means "missing".
MEASURE_LENGTH = 1  # anthro measure "l": recumbent length
MEASURE_HEIGHT = 2  # anthro measure "h": standing height
OEDEMA_YES = 1
OEDEMA_NO = 2
# anthro R/utils.R standardize_oedema_var(): "1" means oedema, "2" no oedema.
ANTHRO_OEDEMA_YES_NUMBER = 1
ANTHRO_OEDEMA_NO_NUMBER = 2
ASCII_SIZE = 128  # one-character codes are mapped through a lookup table on ASCII code points

# --- LMS arithmetic ------------------------------------------------------------------------------
# WHO Child Growth Standards 2006, ch. 7 "restricted application of the LMS method": beyond
# |z| > 3 the z-score is measured in units of the distance between the 2nd and 3rd SD.
SD23_OUTER_Z = 3.0
SD23_INNER_Z = 2.0
# anthro rounds every z-score with round(z, digits = 2) (z_precision default 2L).
Z_DECIMALS = 2
Z_SCALE = 100.0  # 10 ** Z_DECIMALS, as R's R_pow_di(10., 2)
# R's fround() (src/nmath/fround.c, R >= 4.0.0) returns x unchanged once
# log10(2) * (0.5 + logb(|x|)) + digits > DBL_DIG (15), i.e. for |x| >= 2^43.
R_ROUND_PASSTHROUGH_ABS = 2.0**43
# Our fast rounding path (rint of z * 100) provably agrees with R's when z * 100 is further
# than this from a .5 midpoint; nearer rows are recomputed with libm pow and R's exact algorithm.
# 1e-6 of a hundredth is ~1e6 times the worst float error of the LMS formula for |z| < 1e6.
NEAR_TIE_MARGIN = 1e-6
FAST_ROUND_MAX_ABS = 1e6
ROUND_HALF = 0.5

# --- WHO flags (biologically implausible z-scores), anthro R/z-score-*.R flag_threshold ----------
# A flag is 1 when the ROUNDED z is below `low` or above `high` (strict inequalities).
FLAG_ZLEN = (-6.0, 6.0)  # z-score-length-for-age.R flag_threshold = 6 (abs)
FLAG_ZWEI = (-6.0, 5.0)  # z-score-weight-for-age.R flag_threshold = c(-6, 5)
FLAG_ZWFL = (-5.0, 5.0)  # z-score-weight-for-lenhei.R flag_threshold = 5 (abs)
FLAG_ZBMI = (-5.0, 5.0)  # z-score-bmi-for-age.R flag_threshold = 5 (abs)
FLAG_ZHC = (-5.0, 5.0)  # z-score-head-circumference-for-age.R flag_threshold = 5 (abs)
FLAG_ZAC = (-5.0, 5.0)  # z-score-arm-circumference-for-age.R flag_threshold = 5 (abs)
FLAG_ZTS = (-5.0, 5.0)  # z-score-triceps-skinfold-for-age.R flag_threshold = 5 (abs)
FLAG_ZSS = (-5.0, 5.0)  # z-score-subscapular-skinfold-for-age.R flag_threshold = 5 (abs)

# --- Engineering --------------------------------------------------------------------------------
# Rows are processed in blocks of this many so temporaries stay in the CPU cache (not a WHO rule).
CHUNK_ROWS = 16_384
