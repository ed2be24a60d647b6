"""Data files shipped with FireInvest: reference code lists, translations, icons (installed as fireinvest.resources)."""
