"""The ``vae`` command: thin wrappers over the library, one module per group of subcommands."""
