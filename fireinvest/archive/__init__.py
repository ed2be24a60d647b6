"""The archive of closed cases: archive volumes, dossiers and backups (built by the archive and document issues)."""
