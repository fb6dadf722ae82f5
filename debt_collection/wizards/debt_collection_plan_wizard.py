# Wizard module; see its issue.
