"""The limits of what a scenario may be, checked before anything large is built from it.

A scenario is written by people and sometimes by hostile or broken tools; these limits keep a
file that is far larger, deeper or more repetitive than any park from exhausting memory or time.
Each is far above what the largest synthetic park (20,000 SMEs) needs, and each refusal names the
file and the limit. Numbers that physics bounds (lifetimes, rates, shares, concentrations,
coordinates, amounts) are bounded in their declarations (:mod:`.tables`, :mod:`.settings`), so
that no accepted input gives the solver a coefficient it cannot work with.
"""

from __future__ import annotations

#: Largest ``scenario.yaml`` or batch spec file read (bytes): a park's settings take a few KB.
MAX_SETTINGS_BYTES = 2_000_000
#: Deepest nesting of YAML mappings and lists (the settings nest six deep).
MAX_YAML_DEPTH = 40
#: Most values a YAML document may hold once its aliases (``*name``) are expanded.
MAX_YAML_VALUES = 200_000
#: Longest text of one value cell of a workbook's settings sheet (characters).
MAX_SETTING_CELL_CHARS = 100_000

#: Most rows and columns of one sheet of a scenario workbook (a 20,000-SME park has 60,000 rows).
MAX_SHEET_ROWS = 1_000_000
MAX_SHEET_COLUMNS = 200
#: Most bytes one part of a scenario workbook (a sheet, the shared strings) may unpack to: a
#: 20,000-SME park's largest sheet takes about 10 MB.
MAX_WORKBOOK_PART_BYTES = 64_000_000

#: Largest amount of money in any column or setting, in the scenario's currency (a trillion).
MAX_AMOUNT = 1e12
#: Largest quantity a day of any service (units/d): far above any park, far below overflow.
MAX_QUANTITY_PER_DAY = 1e9
#: Longest distance (km) of a network edge or a reach: half the Earth's circumference.
MAX_DISTANCE_KM = 20_000.0
#: Longest explicit distance of the ``distances`` table: published CFLP instances carry their
#: assignment costs there (up to 1.4 million), so it bounds the coefficients, not the Earth.
MAX_EXPLICIT_DISTANCE_KM = 1e8
#: Largest area (m2): 1,000 km2.
MAX_AREA_M2 = 1e9
#: Shortest and longest economic lifetime (years) of a facility, unit or connection.
MIN_LIFETIME_YEARS = 1.0
MAX_LIFETIME_YEARS = 200.0
#: Highest concentration (mg/L, or g per service unit): one million is the substance itself.
MAX_CONCENTRATION_MG_PER_L = 1e6
#: Most solver threads.
MAX_THREADS = 256
#: Largest solver seed (HiGHS takes a 32-bit seed).
MAX_SEED = 2**31 - 1
#: Longest solver time limit (s): thirty days.
MAX_TIME_LIMIT_S = 30 * 24 * 3600.0

#: The encodings a scenario's text files are read in, in this order (the first that reads the
#: bytes wins): UTF-8 with or without its byte-order mark, then GB18030, which contains GBK and
#: GB2312 (Chinese Excel's plain "CSV", Notepad's "ANSI" on Chinese Windows).
TEXT_ENCODINGS = ("utf-8-sig", "gb18030")
