"""Word plumbing shared by the documents and the dossier: templates, layout, sections, styles, fields, appending."""
