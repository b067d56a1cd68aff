from fieldnotes.cli.main import run

run()
