"""The sizes of the benchmark's data sets (no Django import: run.py reads them too)."""

# The sizes of each scale. ``sweep_mandates``: the dedicated set of active lead mandates that
# bench/inprocess.py adds (inside a rolled-back transaction) to time the reminder sweep.
SCALES = {
    "tiny": {
        "coordinations": 20,
        "groups": 30,
        "volunteers": 500,
        "applications": 1_000,
        "circulars": 100,
        "reports": 500,
        "members_per_group": 6,
        "sweep_mandates": 10_000,
    },
    "national": {
        "coordinations": 400,
        "groups": 500,
        "volunteers": 20_000,
        "applications": 50_000,
        "circulars": 5_000,
        "reports": 50_000,
        "members_per_group": 6,
        "sweep_mandates": 100_000,
    },
    "international": {
        "coordinations": 10_000,
        "groups": 100_000,
        "volunteers": 1_000_000,
        "applications": 2_000_000,
        "circulars": 50_000,
        "reports": 500_000,
        "members_per_group": 4,
        "sweep_mandates": 1_000_000,
    },
}
