"""The 文书 tab and the case's paper as a whole: documents, the dossier, the summary, print preview."""
