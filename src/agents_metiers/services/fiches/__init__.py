"""Reading, editing, workflow, revisions, audit and search of fiches."""
