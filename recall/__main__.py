"""`python -m recall`: the same as the `recall` console script."""

from recall.cli import main

raise SystemExit(main())
