"""The PySide6 desktop interface. The only package allowed to import Qt; it reaches data only through services.

Entry point: `fireinvest.ui.app.run_gui(database_url)`.
"""
