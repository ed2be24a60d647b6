"""The `fireinvest` command (`fireinvest.cli.main:main`): starts the window, or runs the use cases headless."""
