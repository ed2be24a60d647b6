"""A case's files: intake (photos, scans, lab reports), content-addressed storage with digest checks, checked reads."""
