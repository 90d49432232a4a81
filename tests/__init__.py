"""msgtemplate's tests (a package, so that ``tests.support`` imports in every import mode)."""
