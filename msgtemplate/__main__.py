from msgtemplate.cli import entry

entry()
