"""The 附件 tab: a case's photos and files, their intake, captions and the photo viewer."""
