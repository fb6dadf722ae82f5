# Two commands for users: `make demo` and `make test`. See README.md.
.PHONY: install demo test lint bench i18n

install:
	setup/install.sh

demo:
	setup/demo.sh

test:
	setup/test.sh

lint:
	setup/lint.sh

bench:
	setup/install.sh && $(HOME)/.local/share/debt-collection/venv/bin/python bench/run.py

i18n:
	setup/i18n.sh
