# Shortcuts for the scripts (the scripts need only bash, so a machine without make works too).
.PHONY: deps demo test bench
deps:
	bash scripts/deps
demo:
	bash scripts/demo
test:
	bash scripts/test
bench:
	bash scripts/bench --entries $${ENTRIES:-100000}
