import sys

from vae_toolkit.cli.main import main

sys.exit(main())
