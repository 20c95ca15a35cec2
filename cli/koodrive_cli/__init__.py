"""`koodrive-tasks`: the command line of the KooDrive task client (Typer + Rich)."""
