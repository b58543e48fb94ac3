"""``python -m drafting``: the ``draft`` command, as the console script runs it (``launch.main``)."""
from drafting.launch import main

if __name__ == "__main__":
    main()
