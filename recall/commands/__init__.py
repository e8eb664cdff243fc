"""One module per `recall` command; each exposes `run(args) -> exit code`."""
