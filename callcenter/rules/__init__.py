"""Pure rules: no database, no textual. Each module is testable from a table."""
