"""The invented demo practice: `python manage.py seed_demo` (what `make demo` runs)."""
